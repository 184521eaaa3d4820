package dev.portcullis.mfa.recovery;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Creating recovery codes, and the page after one was used. The codes are shown once, on the
 * response to the POST that made them: they are kept nowhere but as hashes, and the form carries
 * the set's generation, so sending it again (a reload) changes nothing and shows the explanation.
 * Making codes is adding a way in, so it needs a second factor proven in the last 5 minutes
 * (MFA-05): right after an enrolment that is always so.
 */
@Controller
class RecoveryCodeEnrollController {

    static final String USED_PATH = "/account/security/factors/recovery/used";
    /** Session attribute: where the "You used a recovery code" page continues to. */
    static final String CONTINUE_ATTRIBUTE = "portcullis.recovery.continue";

    private static final String EXPLAIN_VIEW = "mfa/recovery/new";
    private static final String CODES_VIEW = "mfa/recovery/codes";
    private static final String USED_VIEW = "mfa/recovery/used";

    private final RecoveryCodeService codes;
    private final RecoveryCodeProperties properties;
    private final MfaService mfa;

    RecoveryCodeEnrollController(RecoveryCodeService codes, RecoveryCodeProperties properties, MfaService mfa) {
        this.codes = codes;
        this.properties = properties;
        this.mfa = mfa;
    }

    @GetMapping(RecoveryCodeFactor.ENROLL_PATH)
    String explain(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                   HttpServletRequest request, Model model) {
        Optional<String> elsewhere = refuse(account, authentication, request);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        return explanation(account.accountId(), false, model);
    }

    @PostMapping(RecoveryCodeFactor.ENROLL_PATH)
    String create(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                  @RequestParam(defaultValue = "") String basedOn, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Optional<String> elsewhere = refuse(account, authentication, request);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        long generation;
        try {
            generation = basedOn.length() > 19 ? -1 : Long.parseLong(basedOn);
        } catch (NumberFormatException e) {
            generation = -1;
        }
        Optional<List<String>> created = generation < 0 ? Optional.empty() : codes.create(account.accountId(), generation);
        if (created.isEmpty()) {
            return explanation(account.accountId(), true, model);
        }
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        model.addAttribute("codes", created.get());
        return CODES_VIEW;
    }

    @GetMapping(USED_PATH)
    String used(@AuthenticationPrincipal SignedInAccount account, HttpSession session, Model model) {
        Object next = session.getAttribute(CONTINUE_ATTRIBUTE);
        if (!(next instanceof String path)) {
            // Only shown right after a code was used.
            return "redirect:/account/self-service";
        }
        session.removeAttribute(CONTINUE_ATTRIBUTE);
        model.addAttribute("next", path);
        model.addAttribute("remaining", codes.unused(account.accountId()));
        return USED_VIEW;
    }

    /** Where to send the person instead, when codes cannot be made now. */
    private Optional<String> refuse(SignedInAccount account, Authentication authentication, HttpServletRequest request) {
        if (!properties.enabled()) {
            return Optional.of("redirect:/account/self-service");
        }
        if (!mfa.enabled(account.accountId())) {
            // Recovery codes back up a method; there is nothing to back up yet.
            return Optional.of("redirect:/account/security/enroll");
        }
        if (!mfa.recentlyVerified(authentication)) {
            return Optional.of(SignInCompletion.stepUp(request, RecoveryCodeFactor.ENROLL_PATH));
        }
        return Optional.empty();
    }

    private String explanation(long accountId, boolean alreadyCreated, Model model) {
        model.addAttribute("remaining", codes.unused(accountId));
        model.addAttribute("generation", codes.generation(accountId));
        model.addAttribute("alreadyCreated", alreadyCreated);
        return EXPLAIN_VIEW;
    }
}
