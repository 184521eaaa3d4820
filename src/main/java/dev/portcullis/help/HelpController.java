package dev.portcullis.help;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Help pages: how each sign-in method works, recovery codes, and what to do when you cannot
 * sign in. Open to everyone, signed in or not: the person who most needs "I lost my phone" is
 * the one who cannot get past the second step.
 */
@Controller
class HelpController {

    /** Each page's path and its template. */
    private static final Map<String, String> PAGES = Map.of(
            "/help/authenticator-app", "help/authenticator-app",
            "/help/text-message", "help/text-message",
            "/help/phone-call", "help/phone-call",
            "/help/security-key", "help/security-key",
            "/help/recovery-codes", "help/recovery-codes",
            "/help/cannot-sign-in", "help/cannot-sign-in");

    @GetMapping("/help")
    String index() {
        return "help/index";
    }

    @GetMapping({"/help/authenticator-app", "/help/text-message", "/help/phone-call", "/help/security-key",
            "/help/recovery-codes", "/help/cannot-sign-in"})
    String page(HttpServletRequest request) {
        return PAGES.get(request.getServletPath());
    }
}
