package dev.portcullis.admin.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
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

    static final String[] HEADER = {"email", "display_name", "organisation_code", "role"};
    static final int MAX_ROWS = 5_000;

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
        List<CSVRecord> records;
        try (Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            // Excel's "CSV UTF-8" starts the file with a byte order mark: it is not part of the first name.
            List<String> header = parser.getHeaderNames().stream()
                    .map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList();
            if (!header.equals(List.of(HEADER))) {
                return new ImportResult(0, List.of(new RowProblem(1, "", "The first line must be exactly: " + String.join(",", HEADER))));
            }
            records = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (records.size() >= MAX_ROWS) {
                    return new ImportResult(0, List.of(new RowProblem(record.getRecordNumber() + 1, "",
                            "A file can have at most " + MAX_ROWS + " accounts. Split it into smaller files.")));
                }
                records.add(record);
            }
        } catch (CharacterCodingException e) {
            return notUtf8();
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            // The parser reads lazily: a bad byte past the header arrives wrapped in its own exception.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof CharacterCodingException) {
                    return notUtf8();
                }
            }
            return new ImportResult(0, List.of(new RowProblem(0, "", "The file is not valid CSV. Check quotes and commas, or start from the template.")));
        }
        if (records.isEmpty()) {
            return new ImportResult(0, List.of(new RowProblem(2, "", "The file has no accounts in it")));
        }
        List<RowProblem> problems = new ArrayList<>();
        List<NewAccount> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord record : records) {
            long line = record.getRecordNumber() + 1;
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

    private static ImportResult notUtf8() {
        return new ImportResult(0, List.of(new RowProblem(0, "", "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.")));
    }

    private static boolean looksLikeFormula(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0;
    }

    private static String clip(String text) {
        return text.length() > 20 ? text.substring(0, 20) : text;
    }
}
