package dev.portcullis.selfservice.password;

import java.text.Normalizer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.account.password.PasswordPolicy;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.signin.AccountSessions;
import dev.portcullis.signin.PasswordStepAuthenticationProvider;
import dev.portcullis.signin.SignedInAccount;

/**
 * Change Password. The current password is checked through the same counter as sign-in's
 * password step (a guess here is a guess there), oversized input is refused before any hashing
 * (PWD-02), the new password must pass the policy with the person's own name and email address
 * as context (PWD-01), and after the change every other session of the account ends (SES-03).
 * The email to the person is queued with the change (see {@link PasswordChangeNotifier}).
 */
@Service
class ChangePassword {

    static final String CURRENT = "currentPassword";
    static final String NEW = "newPassword";
    static final String CONFIRM = "confirmPassword";

    static final String ENTER_CURRENT = "Enter your current password";
    static final String WRONG_CURRENT = "Your current password is not correct";
    static final String ENTER_NEW = "Enter a new password";
    static final String ENTER_CONFIRM = "Enter your new password again";
    static final String NO_MATCH = "The passwords do not match";
    static final String SAME_AS_CURRENT = "Your new password must be different from your current password";

    /** What happened: changed (and how many other sessions ended), or one message per field at fault. */
    sealed interface Outcome permits Changed, Refused {
    }

    record Changed(int otherSessionsEnded) implements Outcome {
    }

    record Refused(Map<String, String> problems) implements Outcome {
    }

    private final AccountService accounts;
    private final PasswordPolicy policy;
    private final AttemptRegulator regulator;
    private final AccountSessions sessions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ChangePassword(AccountService accounts, PasswordPolicy policy, AttemptRegulator regulator, AccountSessions sessions,
                   ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.policy = policy;
        this.regulator = regulator;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    Outcome change(SignedInAccount account, String current, String newPassword, String confirm, String sessionId,
                   String sourceIp) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (current == null || current.isEmpty()) {
            problems.put(CURRENT, ENTER_CURRENT);
        }
        if (newPassword == null || newPassword.isEmpty()) {
            problems.put(NEW, ENTER_NEW);
        }
        if (confirm == null || confirm.isEmpty()) {
            problems.put(CONFIRM, ENTER_CONFIRM);
        }
        if (problems.containsKey(CURRENT)) {
            return new Refused(problems);
        }

        String key = PasswordStepAuthenticationProvider.accountKey(account.email());
        ThrottleDecision before = regulator.check(ThrottleScope.PASSWORD, key);
        if (!before.allowed()) {
            refused(account, "paused", sourceIp);
            return new Refused(Map.of(CURRENT, paused(before)));
        }
        // Oversized input is a wrong password: refused without hashing, and counted (PWD-02).
        boolean right = current.length() <= policy.maxLength() * 2
                && accounts.verifyCurrentPassword(account.accountId(), current);
        if (!right) {
            ThrottleDecision after = regulator.recordFailure(ThrottleScope.PASSWORD, key);
            refused(account, current.length() > policy.maxLength() * 2 ? "oversized current password" : "wrong current password",
                    sourceIp);
            return new Refused(Map.of(CURRENT, after.allowed() ? WRONG_CURRENT : paused(after)));
        }
        regulator.recordSuccess(ThrottleScope.PASSWORD, key);

        if (!problems.containsKey(NEW)) {
            accounts.newPasswordProblem(account.accountId(), newPassword).ifPresent(problem -> problems.put(NEW, problem));
        }
        if (!problems.containsKey(NEW) && normalised(newPassword).equals(normalised(current))) {
            problems.put(NEW, SAME_AS_CURRENT);
        }
        if (!problems.containsKey(NEW) && !problems.containsKey(CONFIRM)
                && !normalised(newPassword).equals(normalised(confirm))) {
            problems.put(CONFIRM, NO_MATCH);
        }
        if (!problems.isEmpty()) {
            refused(account, "new password refused: " + String.join(",", problems.keySet()), sourceIp);
            return new Refused(problems);
        }
        try {
            accounts.changePassword(account.accountId(), newPassword.toCharArray(), "self-service", account.accountId());
        } catch (InvalidAccountException invalid) {
            return new Refused(Map.of(NEW, invalid.getMessage()));
        }
        return new Changed(sessions.endAllExcept(account.accountId(), sessionId));
    }

    private String paused(ThrottleDecision decision) {
        long minutes = decision.minutesLeft(clock.instant());
        return "You have entered a wrong password too many times. Try again in " + minutes
                + (minutes == 1 ? " minute" : " minutes");
    }

    private void refused(SignedInAccount account, String reason, String sourceIp) {
        events.publishEvent(new PasswordChangeRefused(account.accountId(), account.organisationId(), reason, sourceIp));
    }

    private static String normalised(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC);
    }
}
