package dev.portcullis.monitoring;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import dev.portcullis.signin.SignedInAccount;

/** Recent activity, under Profile: the person's last sign-ins, with flagged ones to report. */
@Controller
class ActivityController {

    static final int SHOWN = 50;

    private final SignInAttempts attempts;
    private final NotMe notMe;
    private final MonitoringProperties properties;
    private final Clock clock;

    ActivityController(SignInAttempts attempts, NotMe notMe, MonitoringProperties properties, Clock clock) {
        this.attempts = attempts;
        this.notMe = notMe;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/account/activity")
    String page(@AuthenticationPrincipal SignedInAccount account, Model model) {
        model.addAttribute("attempts", attempts.forAccount(account.accountId(), clock.instant().minus(properties.retention()), SHOWN)
                .stream().map(a -> AttemptView.of(a, null)).toList());
        return "monitoring/activity";
    }

    /** The "This wasn't me" button: ends this session too, so the answer is a page outside the portal. */
    @PostMapping("/account/activity/{id}/not-me")
    String notMe(@AuthenticationPrincipal SignedInAccount account, @PathVariable long id, HttpServletRequest request) {
        var attempt = attempts.find(id).filter(a -> a.accountId() != null && a.accountId() == account.accountId());
        if (attempt.isEmpty()) {
            return "redirect:/account/activity";
        }
        notMe.report(account.accountId(), id, "activity page");
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
        return "redirect:/signin/not-me/done";
    }
}
