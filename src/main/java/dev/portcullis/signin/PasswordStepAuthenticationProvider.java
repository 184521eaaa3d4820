package dev.portcullis.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.shared.EmailAddresses;

/**
 * The password step of sign-in. Order matters: the source address and the account are checked
 * against their counters before any hashing (RL-01), unknown accounts cost the same hashing work
 * as known ones and share the same counters and messages (ENUM-01/02), and every outcome is
 * written to the audit log with its exact reason while the person sees a generic one.
 */
@Component
public class PasswordStepAuthenticationProvider implements AuthenticationProvider {

    /** Held by sessions that may use the portal: signed in with everything their account requires. */
    public static final String SIGNED_IN = "SIGNED_IN";

    private final AccountService accounts;
    private final MfaPolicyService policy;
    private final AttemptRegulator regulator;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<SignInGuard> guard;

    PasswordStepAuthenticationProvider(AccountService accounts, MfaPolicyService policy, AttemptRegulator regulator,
                                       ApplicationEventPublisher events, Clock clock, ObjectProvider<SignInGuard> guard) {
        this.guard = guard;
        this.accounts = accounts;
        this.policy = policy;
        this.regulator = regulator;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String emailTyped = authentication.getName() == null ? "" : authentication.getName().strip();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String emailShown = emailTyped.length() > EmailAddresses.MAX_LENGTH ? "" : emailTyped;
        if (emailTyped.isEmpty()) {
            throw refused(SignInProblem.Kind.MISSING_EMAIL, 0, emailShown);
        }
        if (password.isEmpty()) {
            throw refused(SignInProblem.Kind.MISSING_PASSWORD, 0, emailShown);
        }
        String sourceIp = sourceIp(authentication);
        String sourceKey = SourceAddresses.throttleKey(sourceIp);
        String accountKey = accountKey(emailTyped);

        ThrottleDecision source = regulator.check(ThrottleScope.SOURCE, sourceKey);
        if (!source.allowed()) {
            events.publishEvent(new PasswordStepRefused(null, sourceIp, "source paused", emailTyped));
            throw refused(SignInProblem.Kind.SOURCE_PAUSED, source.minutesLeft(clock.instant()), emailShown);
        }
        SignInGuard monitor = guard.getIfAvailable(); // refusals whose reason starts "risk" are the guard's own
        if (monitor != null && monitor.sourceRefused(sourceIp, emailTyped)) {
            // Recorded by the guard with its signals; the same words whether or not the account exists.
            events.publishEvent(new PasswordStepRefused(null, sourceIp, "risk source blocked", emailTyped));
            throw refused(SignInProblem.Kind.SOURCE_BLOCKED, 0, emailShown);
        }
        ThrottleDecision account = regulator.check(ThrottleScope.PASSWORD, accountKey);
        if (!account.allowed()) {
            Long id = accounts.findByEmail(emailTyped).map(Account::id).orElse(null);
            events.publishEvent(new PasswordStepRefused(id, sourceIp, "account paused", emailTyped));
            throw refused(SignInProblem.Kind.PAUSED, account.minutesLeft(clock.instant()), emailShown);
        }

        Optional<Account> found = accounts.findByEmail(emailTyped);
        boolean matches = accounts.passwordMatches(found, password);
        if (!matches) {
            ThrottleDecision sourceAfter = regulator.recordFailure(ThrottleScope.SOURCE, sourceKey);
            // The failure that first pauses a real account tells its holder, in the pause's transaction (RL-02).
            Consumer<Instant> tellHolder = found.<Consumer<Instant>>map(a -> until -> events.publishEvent(
                    new AccountPaused(a.id(), a.organisationId(), sourceIp, until))).orElse(null);
            ThrottleDecision accountAfter = regulator.recordFailure(ThrottleScope.PASSWORD, accountKey, tellHolder);
            events.publishEvent(new PasswordStepRefused(found.map(Account::id).orElse(null), sourceIp,
                    found.isPresent() ? "wrong password" : "unknown account", emailTyped));
            if (!accountAfter.allowed()) {
                throw refused(SignInProblem.Kind.PAUSED, accountAfter.minutesLeft(clock.instant()), emailShown);
            }
            if (!sourceAfter.allowed()) {
                throw refused(SignInProblem.Kind.SOURCE_PAUSED, sourceAfter.minutesLeft(clock.instant()), emailShown);
            }
            throw refused(SignInProblem.Kind.INCORRECT, 0, emailShown);
        }
        Account signedIn = found.orElseThrow();
        regulator.recordSuccess(ThrottleScope.PASSWORD, accountKey);
        if (signedIn.status() == AccountStatus.LOCKED) {
            events.publishEvent(new PasswordStepRefused(signedIn.id(), sourceIp, "account locked", emailTyped));
            throw refused(SignInProblem.Kind.LOCKED, 0, emailShown);
        }
        if (!signedIn.status().maySignIn()) {
            events.publishEvent(new PasswordStepRefused(signedIn.id(), sourceIp, "account " + signedIn.status().dbValue(), emailTyped));
            throw refused(SignInProblem.Kind.UNAVAILABLE, 0, emailShown);
        }
        var kind = policy.requirement(signedIn.id(), signedIn.organisationId(), signedIn.role()).kind();
        boolean secondFactorDue = kind == dev.portcullis.mfa.policy.SignInRequirement.Kind.SECOND_FACTOR;
        SignInGuard.Verdict verdict = monitor == null ? SignInGuard.Verdict.ALLOW
                : monitor.passwordAccepted(SignedInAccount.of(signedIn), secondFactorDue, sourceIp);
        if (verdict == SignInGuard.Verdict.BLOCK || (verdict == SignInGuard.Verdict.STEP_UP && !secondFactorDue)) {
            // Too risky, or a second factor is needed and the account has none to prove.
            events.publishEvent(new PasswordStepRefused(signedIn.id(), sourceIp, "risk blocked", emailTyped));
            throw refused(SignInProblem.Kind.RISK_BLOCKED, 0, emailShown);
        }
        if (verdict == SignInGuard.Verdict.REMEMBERED && secondFactorDue && !signedIn.role().isAdministrator()
                && !policy.needsAllowedMethod(signedIn.id(), signedIn.organisationId(), signedIn.role())) {
            // A remembered device: signed in as after a factor, but the session holds only the password
            // factor, so amr says "pwd" and no acr is claimed (administrators always prove a factor).
            kind = dev.portcullis.mfa.policy.SignInRequirement.Kind.NONE;
        }
        events.publishEvent(new PasswordStepSucceeded(signedIn.id(), signedIn.organisationId(), sourceIp));
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                .issuedAt(clock.instant()).build());
        switch (kind) {
            // Only the factor step's pages are reachable until a second factor is proven (MFA-01).
            case SECOND_FACTOR -> authorities.add(new SimpleGrantedAuthority(SignInCompletion.AWAITING_SECOND_FACTOR));
            // Mandatory and no method yet: enrolment pages only, until one is set up.
            case ENROL -> authorities.add(new SimpleGrantedAuthority(SignInCompletion.ENROLMENT_REQUIRED));
            case NUDGE -> {
                authorities.add(new SimpleGrantedAuthority(signedIn.role().authority()));
                authorities.add(new SimpleGrantedAuthority(SIGNED_IN));
                authorities.add(new SimpleGrantedAuthority(SignInCompletion.MFA_NUDGE));
            }
            case NONE -> {
                authorities.add(new SimpleGrantedAuthority(signedIn.role().authority()));
                authorities.add(new SimpleGrantedAuthority(SIGNED_IN));
            }
        }
        var result = UsernamePasswordAuthenticationToken.authenticated(SignedInAccount.of(signedIn), null, authorities);
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static SignInRefusedException refused(SignInProblem.Kind kind, long minutes, String emailTyped) {
        return new SignInRefusedException(new SignInProblem(kind, minutes, emailTyped));
    }

    private static String sourceIp(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

    /** Counter key for the email typed, known or not: a digest, so the counter table holds no addresses. */
    public static String accountKey(String emailTyped) {
        String canonical = EmailAddresses.canonical(emailTyped);
        String key = canonical != null ? canonical : emailTyped.toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
