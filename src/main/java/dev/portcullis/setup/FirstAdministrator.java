package dev.portcullis.setup;

import java.nio.CharBuffer;
import java.util.Arrays;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;

/** Creates the first global administrator, in the service's own administration organisation. */
@Service
class FirstAdministrator {

    static final String ORGANISATION_CODE = "ADMIN";
    static final String ORGANISATION_NAME = "Service administration";

    private final AccountService accounts;
    private final OrganisationService organisations;

    FirstAdministrator(AccountService accounts, OrganisationService organisations) {
        this.accounts = accounts;
        this.organisations = organisations;
    }

    /** All or nothing: the organisation, the account and its audit line commit together. */
    @Transactional
    Account create(String email, String displayName, char[] password, String how) {
        if (accounts.count() > 0) {
            throw new InvalidAccountException("email", "The first administrator has already been created");
        }
        // The first administrator holds every key: common and personal passwords are refused here
        // as at reset and Change Password (PWD-01), before anything is written.
        var problem = accounts.newAccountPasswordProblem(email, displayName, CharBuffer.wrap(password));
        if (problem.isPresent()) {
            Arrays.fill(password, '\0');
            throw new InvalidAccountException("password", problem.get());
        }
        Organisation organisation = organisations.findOrCreate(ORGANISATION_CODE, ORGANISATION_NAME);
        return accounts.create(new NewAccount(email, displayName, organisation.id(), Role.GLOBAL_ADMIN, password), how, null);
    }
}
