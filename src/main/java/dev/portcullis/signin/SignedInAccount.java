package dev.portcullis.signin;

import java.io.Serial;
import java.io.Serializable;

import org.springframework.security.core.AuthenticatedPrincipal;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;

/**
 * Who is signed in, as kept in the server-side session. Its name is the account id, which is
 * what Spring Session indexes sessions by, so that every session of an account can be ended.
 */
public record SignedInAccount(long accountId, String email, String displayName, long organisationId, Role role)
        implements AuthenticatedPrincipal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static SignedInAccount of(Account account) {
        return new SignedInAccount(account.id(), account.email(), account.displayName(), account.organisationId(),
                account.role());
    }

    @Override
    public String getName() {
        return Long.toString(accountId);
    }
}
