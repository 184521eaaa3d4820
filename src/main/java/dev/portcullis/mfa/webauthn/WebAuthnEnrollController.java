package dev.portcullis.mfa.webauthn;

import java.io.IOException;
import java.security.SecureRandom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import tools.jackson.databind.JsonNode;

import dev.portcullis.mfa.FactorLabels;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Self-Service &gt; add a security key. The page asks for a name, then its script fetches
 * creation options, lets the browser talk to the key and posts the result back. Adding a key
 * when MFA is already on needs a second factor proven in the last 5 minutes (MFA-05); CSRF
 * protects both posts (MFA-04).
 */
@Controller
class WebAuthnEnrollController {

    static final String VIEW = "mfa/webauthn/enroll";
    static final String OPTIONS_PATH = "/account/security/factors/webauthn/options";
    static final String REGISTER_PATH = "/account/security/factors/webauthn/register";
    static final String STEP_UP = "For your security, confirm it is you again before you add a key.";

    private final WebAuthnFactor factor;
    private final WebAuthnRegistration registration;
    private final MfaService mfa;
    private final SignInCompletion signInCompletion;
    private final SecureRandom random;

    WebAuthnEnrollController(WebAuthnFactor factor, WebAuthnRegistration registration, MfaService mfa,
                             SignInCompletion signInCompletion, SecureRandom random) {
        this.factor = factor;
        this.registration = registration;
        this.mfa = mfa;
        this.signInCompletion = signInCompletion;
        this.random = random;
    }

    @GetMapping(WebAuthnFactor.ENROLL_PATH)
    String enroll(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                  HttpServletRequest request, Model model) {
        if (!factor.available()) {
            return "redirect:/account/self-service";
        }
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, WebAuthnFactor.ENROLL_PATH);
        }
        model.addAttribute("first", !mfa.enabled(account.accountId()));
        return VIEW;
    }

    @PostMapping(OPTIONS_PATH)
    @ResponseBody
    ResponseEntity<String> options(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                                   HttpServletRequest request) throws IOException {
        ResponseEntity<String> refused = refuseUnlessAllowed(account, authentication, request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        try {
            body = CredentialJson.read(request.getInputStream(), request.getContentLengthLong());
        } catch (CredentialJson.MalformedException e) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, WebAuthnRegistration.NOT_REGISTERED, null);
        }
        // The name is checked before the key is touched, so nobody registers a key twice over a typo.
        String problem = FactorLabels.problem(CredentialJson.text(body, "label"));
        if (problem != null) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, problem, "label");
        }
        String binding = SessionBinding.forSession(request.getSession(), random);
        return JsonAnswers.ok(registration.options(account, binding));
    }

    @PostMapping(REGISTER_PATH)
    @ResponseBody
    ResponseEntity<String> register(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        ResponseEntity<String> refused = refuseUnlessAllowed(account, authentication, request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        try {
            body = CredentialJson.read(request.getInputStream(), request.getContentLengthLong());
        } catch (CredentialJson.MalformedException e) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, WebAuthnRegistration.NOT_REGISTERED, null);
        }
        Outcome outcome = registration.register(account, SessionBinding.existing(request),
                CredentialJson.text(body, "label"), body, request.getRemoteAddr());
        if (outcome instanceof Outcome.Accepted accepted) {
            // Registering proves possession of the key: it counts as a second factor just proven.
            signInCompletion.factorProven(request, response, WebAuthnFactor.TYPE);
            return JsonAnswers.redirect(accepted.nextPath());
        }
        return JsonAnswers.answer((Outcome.Refused) outcome);
    }

    private ResponseEntity<String> refuseUnlessAllowed(SignedInAccount account, Authentication authentication,
                                                       HttpServletRequest request) {
        if (!factor.available()) {
            return JsonAnswers.error(HttpStatus.NOT_FOUND, "Security keys cannot be used here. Choose another method.", null);
        }
        if (needsStepUp(account, authentication)) {
            String redirect = SignInCompletion.stepUp(request, WebAuthnFactor.ENROLL_PATH).substring("redirect:".length());
            return JsonAnswers.elsewhere(HttpStatus.FORBIDDEN, STEP_UP, redirect);
        }
        return null;
    }

    private boolean needsStepUp(SignedInAccount account, Authentication authentication) {
        return mfa.enabled(account.accountId()) && !mfa.recentlyVerified(authentication);
    }
}
