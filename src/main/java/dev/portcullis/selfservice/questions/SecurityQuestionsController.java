package dev.portcullis.selfservice.questions;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Profile &gt; Security Questions: whether they are set, and the form to set or replace them.
 * With MFA on, setting them needs a second factor proven in the last 5 minutes (MFA-05).
 * Answers are never shown again once saved.
 */
@Controller
class SecurityQuestionsController {

    static final String PATH = "/account/security-questions";
    static final String CHANGE_PATH = PATH + "/change";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final SecurityQuestions questions;
    private final MfaService mfa;

    SecurityQuestionsController(SecurityQuestions questions, MfaService mfa) {
        this.questions = questions;
        this.mfa = mfa;
    }

    /** One row of the form: the question chosen (a key) and the answer typed. */
    record Row(int number, String question, String answer, String questionProblem, String answerProblem) {
    }

    record Option(String key, String text) {
    }

    @GetMapping(PATH)
    String overview(@AuthenticationPrincipal SignedInAccount account, Model model) {
        long id = account.accountId();
        List<String> chosen = new ArrayList<>();
        for (String key : questions.questionsFor(id)) {
            chosen.add(SecurityQuestions.text(key).orElse(key));
        }
        model.addAttribute("chosen", chosen);
        model.addAttribute("setOn", questions.setAt(id).map(DATE::format).orElse(null));
        return "selfservice/questions/overview";
    }

    @GetMapping(CHANGE_PATH)
    String form(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                HttpServletRequest request, Model model) {
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, CHANGE_PATH);
        }
        List<String> current = questions.questionsFor(account.accountId());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SecurityQuestions.COUNT; i++) {
            rows.add(new Row(i + 1, i < current.size() ? current.get(i) : "", "", null, null));
        }
        return render(rows, Map.of(), !current.isEmpty(), model);
    }

    @PostMapping(CHANGE_PATH)
    String save(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                @RequestParam Map<String, String> form, HttpServletRequest request, HttpServletResponse response,
                Model model, RedirectAttributes flash) {
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, CHANGE_PATH);
        }
        List<SecurityQuestions.Choice> choices = new ArrayList<>();
        for (int i = 1; i <= SecurityQuestions.COUNT; i++) {
            choices.add(new SecurityQuestions.Choice(form.get("question" + i), form.get("answer" + i)));
        }
        boolean replacing = questions.has(account.accountId());
        try {
            questions.replace(account.accountId(), choices);
        } catch (SecurityQuestions.InvalidAnswersException invalid) {
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i <= SecurityQuestions.COUNT; i++) {
                String answer = form.getOrDefault("answer" + i, "");
                rows.add(new Row(i, form.getOrDefault("question" + i, ""),
                        answer.length() > Answers.MAX_LENGTH * 2 ? answer.substring(0, Answers.MAX_LENGTH * 2) : answer,
                        invalid.problems().get("question" + i), invalid.problems().get("answer" + i)));
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return render(rows, invalid.problems(), replacing, model);
        }
        flash.addFlashAttribute("success", replacing ? "Your security questions have been changed."
                : "Your security questions have been set up.");
        return "redirect:" + PATH;
    }

    private String render(List<Row> rows, Map<String, String> problems, boolean replacing, Model model) {
        // The summary lists problems in the order of the fields on the page.
        Map<String, String> ordered = new LinkedHashMap<>();
        for (int i = 1; i <= SecurityQuestions.COUNT; i++) {
            for (String field : List.of("question" + i, "answer" + i)) {
                if (problems.containsKey(field)) {
                    ordered.put(field, problems.get(field));
                }
            }
        }
        model.addAttribute("rows", rows);
        model.addAttribute("problems", ordered);
        model.addAttribute("replacing", replacing);
        model.addAttribute("options", Arrays.stream(SecurityQuestion.values())
                .map(q -> new Option(q.key(), q.text())).toList());
        return "selfservice/questions/change";
    }

    private boolean needsStepUp(SignedInAccount account, Authentication authentication) {
        return mfa.enabled(account.accountId()) && !mfa.recentlyVerified(authentication);
    }
}
