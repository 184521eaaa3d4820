package dev.portcullis.signin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Service;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.policy.MfaPolicyService;

/**
 * Finishes a second-factor step. Factors call this once they have verified a response (or
 * proven possession while enrolling): the session gains the factor's authority with the time it
 * was proven, becomes fully signed in, records the method for {@code amr}, and gets a new id
 * (SES-01). Also used for step-up, when a signed-in person proves a factor again before a
 * sensitive change.
 */
@Service
public class SignInCompletion {

    /** Held between the password step and the second factor. */
    public static final String AWAITING_SECOND_FACTOR = "AWAITING_SECOND_FACTOR";
    /** Held after the password when policy requires MFA and the account has none: enrolment pages only. */
    public static final String ENROLMENT_REQUIRED = "ENROLMENT_REQUIRED";
    /** A password reset link was used: the factor pages prove methods, nothing else is reachable. */
    public static final String RESET_IN_PROGRESS = "RESET_IN_PROGRESS";
    /** A reset has proven enough methods: the new password may be set. */
    public static final String RESET_VERIFIED = "RESET_VERIFIED";
    /** Session attribute: how many distinct methods a reset must prove. */
    public static final String RESET_REQUIRED_PROOFS = "portcullis.reset.required";
    /** Signed in, but the rollout asks the person to set up MFA before the mandatory date. */
    public static final String MFA_NUDGE = "MFA_NUDGE";
    /** Session attribute: the RFC 8176 amr values proven in this session, in order. */
    public static final String AMR_ATTRIBUTE = "portcullis.amr";
    /** Form field of the factor pages: "yes" when "Remember this device" is ticked. */
    public static final String REMEMBER_PARAMETER = "remember-device";
    /** Session attribute: where to return after a step-up. */
    static final String STEP_UP_RETURN = "portcullis.stepup.return";

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();
    private final ApplicationEventPublisher events;
    private final MfaPolicyService policy;
    private final Clock clock;

    SignInCompletion(ApplicationEventPublisher events, MfaPolicyService policy, Clock clock) {
        this.events = events;
        this.policy = policy;
        this.clock = clock;
    }

    /** The person part-way through sign-in or signed in, or null. */
    public static SignedInAccount current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof SignedInAccount account ? account : null;
    }

    /**
     * Records a proven second factor and returns the path to continue to: the page first asked
     * for, a step-up's return path, or Home.
     */
    public String factorProven(HttpServletRequest request, HttpServletResponse response, FactorType factor) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null || !(current.getPrincipal() instanceof SignedInAccount account)) {
            throw new IllegalStateException("no password step in this session");
        }
        if (hasAuthority(current, RESET_IN_PROGRESS)) {
            return resetFactorProven(request, response, current, account, factor);
        }
        boolean wasSignedIn = hasAuthority(current, PasswordStepAuthenticationProvider.SIGNED_IN);
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (GrantedAuthority authority : current.getAuthorities()) {
            String name = authority.getAuthority();
            if (!AWAITING_SECOND_FACTOR.equals(name) && !ENROLMENT_REQUIRED.equals(name) && !MFA_NUDGE.equals(name)
                    && !factor.authority().equals(name)) {
                authorities.add(authority);
            }
        }
        authorities.add(FactorGrantedAuthority.withAuthority(factor.authority()).issuedAt(clock.instant()).build());
        if (!wasSignedIn) {
            authorities.add(new SimpleGrantedAuthority(account.role().authority()));
            authorities.add(new SimpleGrantedAuthority(PasswordStepAuthenticationProvider.SIGNED_IN));
        }
        var upgraded = UsernamePasswordAuthenticationToken.authenticated(account, null, authorities);
        upgraded.setDetails(current.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(upgraded);
        SecurityContextHolder.setContext(context);

        HttpSession session = request.getSession();
        @SuppressWarnings("unchecked")
        Set<String> amr = session.getAttribute(AMR_ATTRIBUTE) instanceof Set<?> s
                ? new LinkedHashSet<>((Set<String>) s) : new LinkedHashSet<>();
        amr.add("pwd");
        amr.add(factor.amr());
        session.setAttribute(AMR_ATTRIBUTE, amr);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
        events.publishEvent(new SecondFactorSucceeded(account.accountId(), account.organisationId(), factor.id(),
                wasSignedIn, request.getRemoteAddr()));
        if (!wasSignedIn && "yes".equals(request.getParameter(REMEMBER_PARAMETER))) {
            // "Remember this device" ticked on the factor page; monitoring checks the policy and the device cookie.
            events.publishEvent(new RememberDeviceRequested(account.accountId(), account.organisationId(), account.role(),
                    request.getRemoteAddr()));
        }

        if (policy.needsAllowedMethod(account.accountId(), account.organisationId(), account.role())) {
            // Proved a method the policy no longer allows (an administrator's text message): add an allowed one.
            return "/account/security/enroll?required";
        }
        Object stepUpReturn = session.getAttribute(STEP_UP_RETURN);
        if (stepUpReturn instanceof String path) {
            session.removeAttribute(STEP_UP_RETURN);
            return path;
        }
        SavedRequest saved = requests.getRequest(request, response);
        if (saved != null) {
            requests.removeRequest(request, response);
            return saved.getRedirectUrl();
        }
        return "/";
    }

    /**
     * A method proven during a password reset: counted, never a sign-in. Once enough distinct
     * methods are proven the new password may be set; until then, the next method.
     */
    private String resetFactorProven(HttpServletRequest request, HttpServletResponse response, Authentication current,
                                     SignedInAccount account, FactorType factor) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (GrantedAuthority authority : current.getAuthorities()) {
            if (!factor.authority().equals(authority.getAuthority())) {
                authorities.add(authority);
            }
        }
        authorities.add(FactorGrantedAuthority.withAuthority(factor.authority()).issuedAt(clock.instant()).build());
        long proven = authorities.stream().filter(a -> a instanceof FactorGrantedAuthority).count();
        HttpSession session = request.getSession();
        int required = session.getAttribute(RESET_REQUIRED_PROOFS) instanceof Integer n ? n : 1;
        boolean enough = proven >= required;
        if (enough && !hasAuthority(current, RESET_VERIFIED)) {
            authorities.add(new SimpleGrantedAuthority(RESET_VERIFIED));
        }
        var upgraded = UsernamePasswordAuthenticationToken.authenticated(account, null, authorities);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(upgraded);
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
        events.publishEvent(new ResetFactorProven(account.accountId(), account.organisationId(), factor.id(),
                request.getRemoteAddr()));
        return enough ? "/signin/reset/password" : "/signin/reset/verify";
    }

    record ResetFactorProven(long accountId, long organisationId, String factor, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("reset.factor.succeeded", accountId, accountId, organisationId, sourceIp, "factor=" + factor);
        }
    }

    /** Remembers where to come back to after a step-up; only local paths are kept (no open redirect). */
    public static String stepUp(HttpServletRequest request, String returnPath) {
        String safe = returnPath != null && returnPath.startsWith("/") && !returnPath.startsWith("//")
                && !returnPath.contains("\\") && returnPath.length() < 512 ? returnPath : "/account/self-service";
        request.getSession().setAttribute(STEP_UP_RETURN, safe);
        return "redirect:/signin/factor?stepup";
    }

    static boolean hasAuthority(Authentication authentication, String name) {
        return authentication != null && authentication.getAuthorities().stream().anyMatch(a -> name.equals(a.getAuthority()));
    }

    /** A second factor was proven at sign-in with "Remember this device" ticked. */
    public record RememberDeviceRequested(long accountId, long organisationId, dev.portcullis.account.Role role,
                                          String sourceIp) {
    }

    public record SecondFactorSucceeded(long accountId, long organisationId, String factor, boolean stepUp, String sourceIp)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry(stepUp ? "signin.stepup.succeeded" : "signin.factor.succeeded", accountId, accountId,
                    organisationId, sourceIp, "factor=" + factor);
        }
    }
}
