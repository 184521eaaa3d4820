package dev.portcullis.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.monitoring.signals.CurrentAttempt;
import dev.portcullis.monitoring.signals.History;
import dev.portcullis.monitoring.signals.Outcome;
import dev.portcullis.monitoring.signals.Place;
import dev.portcullis.monitoring.signals.RiskScorer;
import dev.portcullis.monitoring.signals.RiskScorer.Assessment;
import dev.portcullis.shared.EmailAddresses;
import dev.portcullis.signin.PasswordStepRefused;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignInCompletion.SecondFactorSucceeded;
import dev.portcullis.signin.SignInGuard;
import dev.portcullis.signin.SignedInAccount;

/**
 * Records every sign-in attempt and weighs the ones whose password was right. Hooked into sign-in
 * through {@link SignInGuard} (to decide) and sign-in's events (to record failures and the
 * second step), all on the request's own thread, so the request tells the device and browser.
 */
@Service
class SignInMonitor implements SignInGuard {

    /** Session attribute: the attempt waiting for its second factor. */
    static final String PENDING = SignInMonitor.class.getName() + ".pending";

    private static final Duration SOURCE_WINDOW = Duration.ofHours(1);
    private static final int HISTORY_LIMIT = 500;
    private static final Pattern FACTOR = Pattern.compile("factor=([a-z0-9_-]{1,20})");

    private final SignInAttempts attempts;
    private final Places places;
    private final DeviceCookies devices;
    private final AccountService accounts;
    private final NotMe notMe;
    private final MonitoringMetrics metrics;
    private final MonitoringProperties properties;
    private final Clock clock;
    private final RiskScorer scorer = RiskScorer.standard();
    private final RememberedDevices rememberedDevices;

    SignInMonitor(SignInAttempts attempts, Places places, DeviceCookies devices, AccountService accounts, NotMe notMe,
                  MonitoringMetrics metrics, MonitoringProperties properties, Clock clock,
                  RememberedDevices rememberedDevices) {
        this.rememberedDevices = rememberedDevices;
        this.attempts = attempts;
        this.places = places;
        this.devices = devices;
        this.accounts = accounts;
        this.notMe = notMe;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean sourceRefused(String sourceIp, String emailTyped) {
        Instant now = clock.instant();
        Place place = places.locate(sourceIp);
        Optional<Account> account = accounts.findByEmail(emailTyped);
        String who = account.map(a -> Long.toString(a.id())).orElse(canonical(emailTyped));
        CurrentAttempt current = new CurrentAttempt(now, who, sourceIp, Networks.of(sourceIp), deviceId(), place);
        Assessment assessment = scorer.assessSource(current, new History(List.of(), sourceHistory(sourceIp, now)));
        if (assessment.response() != RiskScorer.Response.BLOCK) {
            return false;
        }
        record(now, account.map(Account::id).orElse(null), account.map(Account::organisationId).orElse(null),
                emailTyped, sourceIp, place, Outcome.BLOCKED, "password", assessment);
        return true;
    }

    @Override
    public Verdict passwordAccepted(SignedInAccount account, boolean secondFactorDue, String sourceIp) {
        Instant now = clock.instant();
        Place place = places.locate(sourceIp);
        CurrentAttempt current = new CurrentAttempt(now, Long.toString(account.accountId()), sourceIp,
                Networks.of(sourceIp), deviceId(), place);
        History history = new History(
                attempts.forAccount(account.accountId(), now.minus(properties.retention()), HISTORY_LIMIT).stream()
                        .map(SignInAttempts::past).toList(),
                sourceHistory(sourceIp, now));
        Assessment assessment = scorer.assess(current, history);
        Verdict verdict = switch (assessment.response()) {
            case ALLOW -> Verdict.ALLOW;
            case STEP_UP -> Verdict.STEP_UP;
            case BLOCK -> Verdict.BLOCK;
        };
        boolean blocked = verdict == Verdict.BLOCK || (verdict == Verdict.STEP_UP && !secondFactorDue);
        // A remembered device skips the second factor only when nothing at all looked unusual.
        boolean remembered = secondFactorDue && verdict == Verdict.ALLOW && assessment.signals().isEmpty()
                && rememberedDevices.use(account, current.deviceId(), sourceIp);
        Outcome outcome = blocked ? Outcome.BLOCKED : secondFactorDue && !remembered ? Outcome.CHALLENGED : Outcome.SUCCESS;
        String method = remembered ? "remembered" : "password";
        long id = record(now, account.accountId(), account.organisationId(), null, sourceIp, place, outcome,
                method, assessment);
        if (outcome == Outcome.SUCCESS) {
            metrics.method(method);
        }
        if (remembered) {
            return Verdict.REMEMBERED;
        }
        if (outcome == Outcome.CHALLENGED) {
            request().ifPresent(r -> r.getSession().setAttribute(PENDING, id));
        }
        if (assessment.newDeviceOrPlace()) {
            notMe.tellHolder(account.accountId(), id);
        }
        return verdict;
    }

    @EventListener
    void on(PasswordStepRefused event) {
        if (event.reason().startsWith("risk")) {
            return; // recorded by the guard above, with its signals
        }
        Outcome outcome = switch (event.reason()) {
            case "source paused", "account paused" -> Outcome.THROTTLED;
            case "wrong password", "unknown account" -> Outcome.WRONG_PASSWORD;
            default -> Outcome.BLOCKED; // locked, disabled, leaver
        };
        Long organisation = event.accountId() == null ? null
                : accounts.findById(event.accountId()).map(Account::organisationId).orElse(null);
        record(clock.instant(), event.accountId(), organisation, event.emailTyped(), event.sourceIp(),
                places.locate(event.sourceIp()), outcome, "password", new Assessment(List.of(), 0, RiskScorer.Response.ALLOW, false));
    }

    @EventListener
    void on(SecondFactorSucceeded event) {
        if (event.stepUp()) {
            return;
        }
        session().ifPresent(session -> {
            if (session.getAttribute(PENDING) instanceof Long id) {
                attempts.completed(id, clip(event.factor()));
                session.removeAttribute(PENDING);
                metrics.attempt(Outcome.SUCCESS.dbValue());
                metrics.method(clip(event.factor()));
            }
        });
    }

    /** Wrong codes and codes sent during the second step of sign-in, from the factors' audit events. */
    @EventListener
    void on(Audited event) {
        if (!awaitingSecondFactor()) {
            return;
        }
        AuditEntry entry = event.auditEntry();
        String detail = entry.detail() == null ? "" : entry.detail();
        String type = entry.type();
        boolean signInCode = detail.contains("purpose=signin");
        if (type.equals("mfa.code.sent") && signInCode) {
            session().ifPresent(session -> {
                if (session.getAttribute(PENDING) instanceof Long id) {
                    attempts.challengeSent(id);
                }
            });
            return;
        }
        String method = switch (type) {
            case "mfa.totp.refused" -> "totp";
            case "mfa.webauthn.refused" -> "webauthn";
            case "mfa.recovery.refused" -> "recovery";
            case "mfa.code.rejected" -> signInCode ? factorIn(detail) : null;
            default -> null;
        };
        if (method == null || entry.subjectAccountId() == null) {
            return;
        }
        Long account = entry.subjectAccountId();
        Long pending = session().map(session -> session.getAttribute(PENDING) instanceof Long id ? id : null).orElse(null);
        if (pending != null && attempts.wrongCode(pending, method)) {
            metrics.attempt(Outcome.WRONG_CODE.dbValue());
            return; // the open attempt now ends in a wrong code; further ones are rows of their own
        }
        Long organisation = accounts.findById(account).map(Account::organisationId).orElse(null);
        record(clock.instant(), account, organisation, null, entry.sourceIp(), places.locate(entry.sourceIp()),
                Outcome.WRONG_CODE, method, new Assessment(List.of(), 0, RiskScorer.Response.ALLOW, false));
    }

    private long record(Instant at, Long accountId, Long organisationId, String emailTyped, String sourceIp, Place place,
                        Outcome outcome, String method, Assessment assessment) {
        long id = attempts.insert(new SignInAttempts.NewAttempt(at, accountId, organisationId,
                accountId == null ? canonical(emailTyped) : null, sourceIp, place, userAgent(), deviceId(), outcome,
                method, assessment.signals(), assessment.score()));
        if (outcome != Outcome.CHALLENGED) {
            metrics.attempt(outcome.dbValue());
        }
        assessment.signals().forEach(metrics::detection);
        return id;
    }

    private List<dev.portcullis.monitoring.signals.PastAttempt> sourceHistory(String sourceIp, Instant now) {
        if (sourceIp == null) {
            return List.of();
        }
        return attempts.fromSource(sourceIp, now.minus(SOURCE_WINDOW), HISTORY_LIMIT);
    }

    private static boolean awaitingSecondFactor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> SignInCompletion.AWAITING_SECOND_FACTOR.equals(a.getAuthority()));
    }

    private static String factorIn(String detail) {
        Matcher matcher = FACTOR.matcher(detail);
        return matcher.find() ? matcher.group(1) : "code";
    }

    /** The email typed, as stored for attempts on unknown accounts: canonical and clipped. */
    static String canonical(String emailTyped) {
        if (emailTyped == null) {
            return null;
        }
        String canonical = EmailAddresses.canonical(emailTyped);
        String text = canonical != null ? canonical : emailTyped.strip().toLowerCase(Locale.ROOT);
        return SignInAttempts.clip(text, SignInAttempts.EMAIL_MAX);
    }

    private static String clip(String text) {
        return SignInAttempts.clip(text, 20);
    }

    private static Optional<HttpServletRequest> request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? Optional.of(attributes.getRequest()) : Optional.empty();
    }

    private static Optional<HttpSession> session() {
        return request().map(r -> r.getSession(false));
    }

    private String deviceId() {
        return request().map(devices::verified).orElse(null);
    }

    private static String userAgent() {
        return request().map(r -> r.getHeader("User-Agent")).map(ua -> SignInAttempts.clip(ua, SignInAttempts.USER_AGENT_MAX))
                .orElse(null);
    }
}
