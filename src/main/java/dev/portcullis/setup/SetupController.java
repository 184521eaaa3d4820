package dev.portcullis.setup;

import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import dev.portcullis.account.InvalidAccountException;

/** The one-time set-up link: creates the first administrator in the browser. */
@Controller
class SetupController {

    private final SetupTokens tokens;
    private final FirstAdministrator firstAdministrator;

    SetupController(SetupTokens tokens, FirstAdministrator firstAdministrator) {
        this.tokens = tokens;
        this.firstAdministrator = firstAdministrator;
    }

    record SetupForm(String displayName, String email, String password, String confirmPassword) {

        @Override
        public String toString() {
            return "SetupForm[displayName=" + displayName + ", email=" + email + "]";
        }
    }

    @GetMapping("/setup/{token}")
    String form(@PathVariable String token, Model model) {
        if (!tokens.isValid(token)) {
            return "setup/link-invalid";
        }
        model.addAttribute("form", new SetupForm("", "", null, null));
        return "setup/setup";
    }

    @PostMapping("/setup/{token}")
    @Transactional
    String create(@PathVariable String token, @ModelAttribute("form") SetupForm form, Model model) {
        if (form.password() != null && !form.password().equals(form.confirmPassword())) {
            return invalid(model, form, "confirmPassword", "The passwords do not match");
        }
        if (!tokens.consume(token)) {
            return "setup/link-invalid";
        }
        try {
            firstAdministrator.create(form.email(), form.displayName(),
                    form.password() == null ? new char[0] : form.password().toCharArray(), "setup link");
        } catch (InvalidAccountException e) {
            // Roll back the token's use with everything else, so the link still works.
            org.springframework.transaction.interceptor.TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return invalid(model, form, e.field(), e.getMessage());
        }
        return "redirect:/signin?created";
    }

    private static String invalid(Model model, SetupForm form, String field, String message) {
        model.addAttribute("form", new SetupForm(form.displayName(), form.email(), null, null));
        model.addAttribute("errors", Map.of(field, message));
        return "setup/setup";
    }
}
