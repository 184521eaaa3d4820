package dev.portcullis.monitoring;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The "This wasn't me" link from the new-device email. Opening it only shows what happened and a
 * button (mail scanners open links); the button locks the account.
 */
@Controller
class NotMeController {

    private final NotMe notMe;

    NotMeController(NotMe notMe) {
        this.notMe = notMe;
    }

    @GetMapping("/signin/not-me/done")
    String done() {
        return "monitoring/not-me-done";
    }

    @GetMapping("/signin/not-me/{token}")
    String confirm(@PathVariable String token, Model model) {
        return notMe.byToken(token).map(pending -> {
            model.addAttribute("attempt", AttemptView.of(pending.attempt(), null));
            model.addAttribute("token", token);
            return "monitoring/not-me";
        }).orElse("monitoring/not-me-invalid");
    }

    @PostMapping("/signin/not-me/{token}")
    String report(@PathVariable String token) {
        return notMe.reportByToken(token) ? "redirect:/signin/not-me/done" : "monitoring/not-me-invalid";
    }
}
