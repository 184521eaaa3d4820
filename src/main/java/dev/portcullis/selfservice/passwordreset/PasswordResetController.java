package dev.portcullis.selfservice.passwordreset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.selfservice.questions.SecurityQuestions;
import dev.portcullis.shared.EmailAddresses;
import dev.portcullis.signin.AccountSessions;
import dev.portcullis.signin.PasswordStepAuthenticationProvider;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * "Forgotten your password?": email → the same answer for every address (ENUM-01) → the link
 * (used with a button, not by opening it, so mail scanners cannot spend it) → a registered
 * method proven through the ordinary factor pages, or two where configured, security questions
 * only ever as the second (REC-04) → a new password → every session ends (SES-03), the account
 * is unlocked, and the person signs in again with password and second factor (REC-02).
 */
@Controller
class PasswordResetController {

    private static final ThrottleScope PER_ADDRESS = new ThrottleScope("reset.address", true);
    private static final ThrottleScope PER_SOURCE = new ThrottleScope("reset.source", false);

    private final PasswordResets resets;
    private final ResetTokens tokens;
    private final ResetProperties properties;
    private final AccountService accounts;
    private final AccountAdministration administration;
    private final MfaService mfa;
    private final SecurityQuestions questions;
    private final AttemptRegulator regulator;
    private final AccountSessions sessions;
    private final ApplicationEventPublisher events;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    PasswordResetController(PasswordResets resets, ResetTokens tokens, ResetProperties properties, AccountService accounts,
                            AccountAdministration administration, MfaService mfa, SecurityQuestions questions,
                            AttemptRegulator regulator, AccountSessions sessions, ApplicationEventPublisher events) {
        this.resets = resets;
        this.tokens = tokens;
        this.properties = properties;
        this.accounts = accounts;
        this.administration = administration;
        this.mfa = mfa;
        this.questions = questions;
        this.regulator = regulator;
        this.sessions = sessions;
        this.events = events;
    }

    /** A reset link was not honoured; the person saw "This link cannot be used" or the ask-an-administrator page. */
    record ResetLinkRefused(Long accountId, String sourceIp, String reason) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("reset.link.refused", null, accountId, null, sourceIp, "reason=" + reason);
        }
    }

    @GetMapping("/signin/reset")
    String form(Model model) {
        model.addAttribute("email", "");
        return "selfservice/reset/request";
    }

    @PostMapping("/signin/reset")
    String request(@RequestParam(defaultValue = "") String email, HttpServletRequest request, Model model) {
        String typed = email.length() > 500 ? email.substring(0, 500) : email.strip();
        String problem = typed.isEmpty() ? "Enter your email address"
                : !EmailAddresses.isValid(typed) ? "Enter an email address in the correct format, like name@example.nhs.uk" : null;
        if (problem != null) {
            model.addAttribute("email", typed);
            model.addAttribute("problem", problem);
            return "selfservice/reset/request";
        }
        String sourceKey = request.getRemoteAddr();
        String addressKey = PasswordStepAuthenticationProvider.accountKey(typed);
        var source = regulator.check(PER_SOURCE, sourceKey);
        var address = regulator.check(PER_ADDRESS, addressKey);
        // Every request counts, so a flood of requests for one address or from one place pauses itself.
        regulator.recordFailure(PER_SOURCE, sourceKey);
        regulator.recordFailure(PER_ADDRESS, addressKey);
        if (source.allowed() && address.allowed()) {
            resets.requestedBySelf(typed, request.getRemoteAddr());
        } else {
            // The same page as ever (ENUM-01); the log says why nothing was sent, without looking the address up.
            events.publishEvent(new PasswordResets.ResetRequested(null, request.getRemoteAddr(),
                    (source.allowed() ? "address" : "source") + " paused: nothing sent"));
        }
        return "redirect:/signin/reset/sent";
    }

    @GetMapping("/signin/reset/sent")
    String sent() {
        return "selfservice/reset/sent";
    }

    @GetMapping("/signin/reset/link/{token}")
    String link(@PathVariable String token, Model model) {
        if (tokens.peek(token).isEmpty()) {
            return "selfservice/reset/link-invalid";
        }
        model.addAttribute("token", token);
        return "selfservice/reset/link";
    }

    @PostMapping("/signin/reset/link/{token}")
    String useLink(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        var issued = tokens.consume(token);
        if (issued.isEmpty()) {
            events.publishEvent(new ResetLinkRefused(null, request.getRemoteAddr(), "unknown, used or expired link"));
            return "selfservice/reset/link-invalid";
        }
        Account account = accounts.findById(issued.get().accountId()).orElse(null);
        if (account == null || account.status() == AccountStatus.DISABLED) {
            events.publishEvent(new ResetLinkRefused(issued.get().accountId(), request.getRemoteAddr(),
                    account == null ? "account deleted" : "account disabled"));
            return "selfservice/reset/link-invalid";
        }
        boolean hasMfa = mfa.enabled(account.id());
        if (!hasMfa && issued.get().issuedBy() == null) {
            events.publishEvent(new ResetLinkRefused(account.id(), request.getRemoteAddr(),
                    "no second factor: self-service link refused"));
            return "selfservice/reset/needs-administrator";
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(SignInCompletion.RESET_IN_PROGRESS));
        if (!hasMfa) {
            // An administrator's link for an account with no second factor yet (a new account).
            authorities.add(new SimpleGrantedAuthority(SignInCompletion.RESET_VERIFIED));
        }
        SignedInAccount principal = new SignedInAccount(account.id(), account.email(), account.displayName(),
                account.organisationId(), account.role());
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(SignInCompletion.RESET_REQUIRED_PROOFS, properties.requiredProofs());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return hasMfa ? "redirect:/signin/reset/verify" : "redirect:/signin/reset/password";
    }

    /** The methods still to prove. */
    @GetMapping("/signin/reset/verify")
    String verify(Authentication authentication, Model model) {
        SignedInAccount account = (SignedInAccount) authentication.getPrincipal();
        if (has(authentication, SignInCompletion.RESET_VERIFIED)) {
            return "redirect:/signin/reset/password";
        }
        Set<String> proven = provenAuthorities(authentication);
        List<Map<String, String>> choices = new ArrayList<>();
        for (EnrolledFactor method : mfa.usable(account.accountId())) {
            Factor factor = mfa.registry().find(method.type()).orElseThrow();
            if (factor.available() && !proven.contains(factor.type().authority())) {
                choices.add(Map.of("label", method.label(), "hint", method.hint() == null ? "" : method.hint(),
                        "path", factor.challengePath(method.instanceId()), "id", "use-" + method.type() + "-" + choices.size()));
            }
        }
        model.addAttribute("choices", choices);
        model.addAttribute("second", !proven.isEmpty());
        model.addAttribute("questions", !proven.isEmpty() && properties.securityQuestionsAllowed()
                && questions.has(account.accountId()));
        return "selfservice/reset/verify";
    }

    @GetMapping("/signin/reset/questions")
    String questionsForm(Authentication authentication, Model model) {
        SignedInAccount account = (SignedInAccount) authentication.getPrincipal();
        if (!questionsUsable(authentication, account)) {
            return "redirect:/signin/reset/verify";
        }
        model.addAttribute("questions", questionList(account));
        return "selfservice/reset/questions";
    }

    private List<Map<String, String>> questionList(SignedInAccount account) {
        return questions.questionsFor(account.accountId()).stream()
                .map(key -> Map.of("key", key, "text", SecurityQuestions.text(key).orElse(key)))
                .toList();
    }

    @PostMapping("/signin/reset/questions")
    String answer(Authentication authentication, @RequestParam Map<String, String> form, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        SignedInAccount account = (SignedInAccount) authentication.getPrincipal();
        if (!questionsUsable(authentication, account)) {
            return "redirect:/signin/reset/verify";
        }
        Map<String, String> answers = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith("answer-") && answers.size() < 10) {
                answers.put(key.substring("answer-".length()), value);
            }
        });
        if (!questions.verify(account.accountId(), answers)) {
            model.addAttribute("questions", questionList(account));
            model.addAttribute("problem", "One or more answers are not correct");
            return "selfservice/reset/questions";
        }
        List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
        authorities.add(new SimpleGrantedAuthority(SignInCompletion.RESET_VERIFIED));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null, authorities));
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
        return "redirect:/signin/reset/password";
    }

    @GetMapping("/signin/reset/password")
    String passwordForm() {
        return "selfservice/reset/password";
    }

    @PostMapping("/signin/reset/password")
    String setPassword(Authentication authentication, @RequestParam(defaultValue = "") String password,
                       @RequestParam(defaultValue = "") String confirmPassword, HttpServletRequest request, Model model) {
        SignedInAccount account = (SignedInAccount) authentication.getPrincipal();
        if (!password.equals(confirmPassword)) {
            model.addAttribute("problems", Map.of("confirmPassword", "The passwords do not match"));
            return "selfservice/reset/password";
        }
        try {
            accounts.changePassword(account.accountId(), password.toCharArray(), "reset", account.accountId());
        } catch (InvalidAccountException e) {
            model.addAttribute("problems", Map.of("password", e.getMessage()));
            return "selfservice/reset/password";
        }
        accounts.findById(account.accountId()).filter(a -> a.status() == AccountStatus.LOCKED)
                .ifPresent(a -> administration.setStatus(a.id(), AccountStatus.ACTIVE, a.id(), "password reset"));
        regulator.clear(ThrottleScope.PASSWORD, PasswordStepAuthenticationProvider.accountKey(account.email()));
        sessions.endAll(account.accountId());
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/signin?reset";
    }

    private boolean questionsUsable(Authentication authentication, SignedInAccount account) {
        return properties.securityQuestionsAllowed() && !provenAuthorities(authentication).isEmpty()
                && questions.has(account.accountId()) && !has(authentication, SignInCompletion.RESET_VERIFIED);
    }

    private static Set<String> provenAuthorities(Authentication authentication) {
        Set<String> proven = new java.util.HashSet<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (authority instanceof FactorGrantedAuthority) {
                proven.add(authority.getAuthority());
            }
        }
        return proven;
    }

    private static boolean has(Authentication authentication, String name) {
        return authentication.getAuthorities().stream().anyMatch(a -> name.equals(a.getAuthority()));
    }
}
