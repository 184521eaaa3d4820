package dev.portcullis.help;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.signin.SignedInAccount;

/**
 * The feedback form, for signed-in people (the account is what the allowance counts; someone
 * who cannot sign in is pointed to their local administrator by the Help pages).
 */
@Controller
class FeedbackController {

    private final Feedback feedback;

    FeedbackController(Feedback feedback) {
        this.feedback = feedback;
    }

    @GetMapping("/help/feedback")
    String form(Model model) {
        return show(model, FeedbackForm.empty(), null);
    }

    @PostMapping("/help/feedback")
    String send(@AuthenticationPrincipal SignedInAccount account, @RequestParam(required = false) String topic,
                @RequestParam(required = false) String message, @RequestParam(required = false) String contact,
                Model model) {
        FeedbackForm form = new FeedbackForm(topic, message, contact);
        Feedback.Result result = feedback.send(account.accountId(), form);
        if (result.sent()) {
            return "redirect:/help/feedback/sent";
        }
        return show(model, form, result);
    }

    @GetMapping("/help/feedback/sent")
    String sent() {
        return "help/feedback-sent";
    }

    private static String show(Model model, FeedbackForm form, Feedback.Result result) {
        model.addAttribute("form", form);
        model.addAttribute("topics", List.of(FeedbackTopic.values()));
        model.addAttribute("problems", result == null ? java.util.Map.of() : result.problems());
        model.addAttribute("limited", result != null && result.limited());
        model.addAttribute("maxMessage", Feedback.MAX_MESSAGE);
        return "help/feedback";
    }
}
