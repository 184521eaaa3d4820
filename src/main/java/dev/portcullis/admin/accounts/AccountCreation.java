package dev.portcullis.admin.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminScope;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.selfservice.passwordreset.PasswordResets;
import dev.portcullis.shared.EmailAddresses;
import dev.portcullis.signin.SignedInAccount;

/**
 * Creating accounts, one at a time or in bulk from CSV. Nobody chooses a password for anyone
 * (ADM-02): each new account gets an emailed link to set its own. A bulk import checks every
 * row first and creates nothing unless all are valid; the rows are then created in one
 * transaction, so a failure part-way leaves nothing half-imported.
 */
@Service
class AccountCreation {

    static final String[] HEADER = AccountCsv.HEADER;
    static final int MAX_ROWS = AccountCsv.MAX_ROWS;

    record RowProblem(long line, String email, String problem) {
    }

    record ImportResult(int created, List<RowProblem> problems) {
    }

    private final AccountService accounts;
    private final OrganisationService organisations;
    private final PasswordResets resets;
    private final AdminScope scope;

    AccountCreation(AccountService accounts, OrganisationService organisations, PasswordResets resets, AdminScope scope) {
        this.accounts = accounts;
        this.organisations = organisations;
        this.resets = resets;
        this.scope = scope;
    }

    @Transactional
    Account createOne(SignedInAccount admin, String email, String displayName, long organisationId, Role role) {
        scope.requireOrganisation(admin, organisationId, "create account");
        if (organisations.findById(organisationId).isEmpty()) {
            // A global administrator's form names any id; one that is no organisation is a mistake to correct (INP-01).
            throw new InvalidAccountException("organisation", "Choose an organisation");
        }
        if (role != Role.USER && !scope.isGlobal(admin)) {
            throw new InvalidAccountException("role", "Only a global administrator can create administrators");
        }
        Account created = accounts.create(new NewAccount(email, displayName, organisationId, role, null), "administrator",
                admin.accountId());
        resets.sendByAdministrator(created.id(), admin.accountId());
        return created;
    }

    @Transactional
    ImportResult importCsv(SignedInAccount admin, InputStream input) throws IOException {
        AccountCsv.Read read = AccountCsv.read(input);
        if (read.problem() != null) {
            return new ImportResult(0, List.of(read.problem()));
        }
        List<RowProblem> problems = new ArrayList<>();
        List<NewAccount> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AccountCsv.Row row : read.rows()) {
            long line = row.line();
            List<String> record = row.values();
            if (record.size() != HEADER.length) {
                problems.add(new RowProblem(line, "", "Expected " + HEADER.length + " values, found " + record.size()));
                continue;
            }
            String email = record.get(0);
            String name = record.get(1);
            String code = record.get(2);
            String roleText = record.get(3).isBlank() ? "user" : record.get(3).strip().toLowerCase(Locale.ROOT);
            String canonical = EmailAddresses.canonical(email);
            String shownEmail = email.length() > 100 ? email.substring(0, 100) : email;
            if (record.stream().anyMatch(AccountCreation::looksLikeFormula)) {
                // A name like =HYPERLINK(...) would run in the spreadsheet of anyone exporting it later (INP-04).
                problems.add(new RowProblem(line, looksLikeFormula(email) ? "" : shownEmail,
                        "A value must not start with =, +, - or @ (a spreadsheet would run it as a formula)"));
                continue;
            }
            if (email.isBlank()) {
                problems.add(new RowProblem(line, "", "Enter an email address"));
                continue;
            }
            if (canonical == null) {
                problems.add(new RowProblem(line, shownEmail, "Email address is not in the correct format"));
                continue;
            }
            if (!seen.add(canonical)) {
                problems.add(new RowProblem(line, shownEmail, "This email address is in the file more than once"));
                continue;
            }
            if (accounts.findByEmail(canonical).isPresent()) {
                problems.add(new RowProblem(line, shownEmail, "An account with this email address already exists"));
                continue;
            }
            if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
                problems.add(new RowProblem(line, shownEmail, "Enter a display name of 200 characters or fewer"));
                continue;
            }
            Organisation organisation = organisations.findByCode(code).orElse(null);
            if (organisation == null || !scope.covers(admin, organisation.id())) {
                problems.add(new RowProblem(line, shownEmail, scope.isGlobal(admin) ? "No organisation has the code " + clip(code)
                        : "You can only create accounts in your own organisation"));
                continue;
            }
            Role role;
            try {
                role = Role.fromDb(roleText);
            } catch (IllegalArgumentException e) {
                problems.add(new RowProblem(line, shownEmail, "Role must be user, local_admin or global_admin"));
                continue;
            }
            if (role != Role.USER && !scope.isGlobal(admin)) {
                problems.add(new RowProblem(line, shownEmail, "Only a global administrator can create administrators"));
                continue;
            }
            valid.add(new NewAccount(email.strip(), name.strip(), organisation.id(), role, null));
        }
        if (!problems.isEmpty()) {
            return new ImportResult(0, problems);
        }
        for (NewAccount account : valid) {
            Account created = accounts.create(account, "csv import", admin.accountId());
            resets.sendByAdministrator(created.id(), admin.accountId());
        }
        return new ImportResult(valid.size(), List.of());
    }

    private static boolean looksLikeFormula(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0;
    }

    private static String clip(String text) {
        return text.length() > 20 ? text.substring(0, 20) : text;
    }
}
