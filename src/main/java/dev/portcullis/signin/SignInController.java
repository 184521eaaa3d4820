package dev.portcullis.signin;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page. The form posts to Spring Security's processing URL, {@code /signin}. */
@Controller
class SignInController {

    static final String VIEW = "signin/signin";

    @GetMapping("/signin")
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String signedout,
                  @RequestParam(required = false) String expired, @RequestParam(required = false) String reset,
                  @RequestParam(required = false) String created, HttpSession session, Model model) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.getAuthorities().stream().anyMatch(a -> PasswordStepAuthenticationProvider.SIGNED_IN.equals(a.getAuthority()))) {
            return "redirect:/";
        }
        SignInProblem problem = null;
        if (error != null) {
            Object stored = session.getAttribute(SignInProblem.SESSION_ATTRIBUTE);
            session.removeAttribute(SignInProblem.SESSION_ATTRIBUTE);
            problem = stored instanceof SignInProblem p ? p : null;
        }
        model.addAttribute("form", new SignInForm(problem == null ? "" : problem.emailTyped()));
        model.addAttribute("problem", problem == null ? null : SignInMessages.of(problem));
        model.addAttribute("signedOut", signedout != null);
        model.addAttribute("expired", expired != null);
        model.addAttribute("passwordReset", reset != null);
        model.addAttribute("created", created != null);
        return VIEW;
    }

    record SignInForm(String email) {
    }
}
