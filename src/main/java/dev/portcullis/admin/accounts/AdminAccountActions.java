package dev.portcullis.admin.accounts;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminScope;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.selfservice.passwordreset.PasswordResets;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.signin.AccountSessions;
import dev.portcullis.signin.PasswordStepAuthenticationProvider;
import dev.portcullis.signin.SignedInAccount;

/** What an administrator can do to an account, and doing it. Each action is audited by the service it calls. */
@Component
class AdminAccountActions {

    record Action(String id, String label, String question, String explanation, boolean warning) {
    }

    private final AccountAdministration administration;
    private final MfaService mfa;
    private final AttemptRegulator regulator;
    private final AccountSessions sessions;
    private final AdminScope scope;
    private final PasswordResets resets;

    AdminAccountActions(AccountAdministration administration, MfaService mfa, AttemptRegulator regulator,
                        AccountSessions sessions, AdminScope scope, PasswordResets resets) {
        this.resets = resets;
        this.administration = administration;
        this.mfa = mfa;
        this.regulator = regulator;
        this.sessions = sessions;
        this.scope = scope;
    }

    List<Action> availableFor(SignedInAccount admin, Account account) {
        List<Action> available = new ArrayList<>();
        boolean self = admin.accountId() == account.id();
        if (mfa.enabled(account.id())) {
            available.add(new Action("reset-mfa", "Reset MFA", "Reset MFA for " + account.displayName() + "?",
                    "This removes all their methods and recovery codes and signs them out everywhere. They will set up MFA again the next time they sign in. We will email them to say so.", true));
        }
        available.add(new Action("send-reset-link", "Send a password-reset link", "Send " + account.displayName() + " a password-reset link?",
                "We will email them a link to set a new password. You never see or choose their password. If they have MFA, they must also confirm it is them with it.", false));
        available.add(new Action("unlock", "Unlock", "Unlock " + account.displayName() + "?",
                "This ends any pause on signing in after incorrect attempts" + (account.status() == AccountStatus.LOCKED ? " and lifts the lock on the account." : "."), false));
        if (!self && account.status() != AccountStatus.DISABLED) {
            available.add(new Action("disable", "Disable account", "Disable " + account.displayName() + "'s account?",
                    "They will be signed out everywhere and will not be able to sign in until the account is enabled again.", true));
        }
        if (account.status() == AccountStatus.DISABLED) {
            available.add(new Action("enable", "Enable account", "Enable " + account.displayName() + "'s account?",
                    "They will be able to sign in again.", false));
        }
        if (scope.isGlobal(admin) && !self) {
            for (Role role : Role.values()) {
                if (role != account.role()) {
                    available.add(new Action("role-" + role.dbValue().replace('_', '-'), "Make " + roleName(role),
                            "Make " + account.displayName() + " " + roleName(role) + "?",
                            "Their sessions will end, and they will sign in again with the new role.", role != Role.USER));
                }
            }
        }
        return available;
    }

    Action find(SignedInAccount admin, Account account, String id) {
        // Roles are the global administrators' alone (ADM-01): asking for one is a refusal, 403 and
        // audited, not an unknown action, so an attempted escalation is on the record.
        if (id.startsWith("role-") && !scope.isGlobal(admin)) {
            scope.requireGlobal(admin, id + " account=" + account.id());
        }
        return availableFor(admin, account).stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(UnknownActionException::new);
    }

    @Transactional
    String perform(SignedInAccount admin, Account account, Action action) {
        long id = account.id();
        switch (action.id()) {
            case "reset-mfa" -> {
                mfa.disable(id, admin.accountId(), "administrator reset");
                sessions.endAll(id);
                return "MFA has been reset for " + account.displayName() + ".";
            }
            case "send-reset-link" -> {
                resets.sendByAdministrator(id, admin.accountId());
                return "A password-reset link has been emailed to " + account.email() + ".";
            }
            case "unlock" -> {
                regulator.clear(ThrottleScope.PASSWORD, PasswordStepAuthenticationProvider.accountKey(account.email()));
                for (Factor factor : mfa.registry().all()) {
                    regulator.clear(ThrottleScope.factor(factor.type().id()), Long.toString(id));
                }
                if (account.status() == AccountStatus.LOCKED) {
                    administration.setStatus(id, AccountStatus.ACTIVE, admin.accountId(), "unlocked");
                }
                return account.displayName() + " can sign in again.";
            }
            case "disable" -> {
                administration.setStatus(id, AccountStatus.DISABLED, admin.accountId(), "administrator");
                sessions.endAll(id);
                return account.displayName() + "'s account has been disabled.";
            }
            case "enable" -> {
                administration.setStatus(id, AccountStatus.ACTIVE, admin.accountId(), "administrator");
                return account.displayName() + "'s account has been enabled.";
            }
            default -> {
                scope.requireGlobal(admin, action.id());
                Role role = Role.fromDb(action.id().substring("role-".length()).replace('-', '_'));
                administration.setRole(id, role, admin.accountId());
                sessions.endAll(id);
                return account.displayName() + " is now " + roleName(role) + ".";
            }
        }
    }

    static String roleName(Role role) {
        return switch (role) {
            case USER -> "a user";
            case LOCAL_ADMIN -> "a local administrator";
            case GLOBAL_ADMIN -> "a global administrator";
        };
    }

    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NOT_FOUND)
    static class UnknownActionException extends RuntimeException {
        UnknownActionException() {
            super("no such action for this account");
        }
    }
}
