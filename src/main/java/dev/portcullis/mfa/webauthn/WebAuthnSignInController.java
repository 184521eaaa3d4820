package dev.portcullis.mfa.webauthn;

import java.io.IOException;
import java.security.SecureRandom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import tools.jackson.databind.JsonNode;

import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * The security key step of sign-in and step-up, reachable after the password step only
 * ({@code /signin/factor/**}). The page's script fetches request options, lets the browser ask
 * the key, and posts the assertion; success completes the step through {@link SignInCompletion}.
 */
@Controller
class WebAuthnSignInController {

    static final String VIEW = "mfa/webauthn/challenge";
    static final String OPTIONS_PATH = WebAuthnFactor.CHALLENGE_PATH + "/options";
    static final String VERIFY_PATH = WebAuthnFactor.CHALLENGE_PATH + "/verify";
    static final String NO_KEY = "You do not have a security key you can use. Choose another method.";

    private final WebAuthnFactor factor;
    private final WebAuthnAuthentication authentication;
    private final SignInCompletion signInCompletion;
    private final SecureRandom random;

    WebAuthnSignInController(WebAuthnFactor factor, WebAuthnAuthentication authentication,
                             SignInCompletion signInCompletion, SecureRandom random) {
        this.factor = factor;
        this.authentication = authentication;
        this.signInCompletion = signInCompletion;
        this.random = random;
    }

    @GetMapping(WebAuthnFactor.CHALLENGE_PATH)
    String challenge(Model model) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (!factor.available() || !authentication.hasUsableKey(account.accountId())) {
            return "redirect:/signin/factor/choose";
        }
        model.addAttribute("pausedMinutes", authentication.pausedMinutes(account.accountId()));
        return VIEW;
    }

    @PostMapping(OPTIONS_PATH)
    @ResponseBody
    ResponseEntity<String> options(HttpServletRequest request) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null || !factor.available()) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, NO_KEY, null);
        }
        long paused = authentication.pausedMinutes(account.accountId());
        if (paused > 0) {
            return JsonAnswers.error(HttpStatus.TOO_MANY_REQUESTS, WebAuthnAuthentication.paused(paused), null);
        }
        String binding = SessionBinding.forSession(request.getSession(), random);
        return authentication.options(account.accountId(), binding)
                .map(JsonAnswers::ok)
                .orElseGet(() -> JsonAnswers.error(HttpStatus.BAD_REQUEST, NO_KEY, null));
    }

    @PostMapping(VERIFY_PATH)
    @ResponseBody
    ResponseEntity<String> verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SignedInAccount account = SignInCompletion.current();
        if (account == null || !factor.available()) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, NO_KEY, null);
        }
        JsonNode body;
        try {
            body = CredentialJson.read(request.getInputStream(), request.getContentLengthLong());
        } catch (CredentialJson.MalformedException e) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST, WebAuthnAuthentication.NOT_CHECKED, null);
        }
        Outcome outcome = authentication.verify(account, SessionBinding.existing(request), body, request.getRemoteAddr());
        if (outcome instanceof Outcome.Accepted) {
            return JsonAnswers.redirect(signInCompletion.factorProven(request, response, WebAuthnFactor.TYPE));
        }
        return JsonAnswers.answer((Outcome.Refused) outcome);
    }
}
