package dev.portcullis.directory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.signin.SignedInAccount;

/**
 * Profile &gt; My Profile: what the directory shows about a person. The fields they may change
 * are a form; the ones their administrator owns are shown, not offered.
 */
@Controller
class MyProfileController {

    static final String VIEW = "directory/my-profile";

    private final DirectoryService directory;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    MyProfileController(DirectoryService directory) {
        this.directory = directory;
    }

    /** One field of the form, as the template draws it. */
    record FieldView(String name, String label, String hint, String value, String problem, int maxLength,
                     String inputType, String autocomplete, String width) {
    }

    /** One administrator-owned field, shown read-only. */
    record ReadOnlyView(String label, String value) {
    }

    @GetMapping("/account/profile")
    String show(@AuthenticationPrincipal SignedInAccount account, Model model) {
        Profile profile = directory.profile(account.accountId()).orElseThrow();
        Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
        for (ProfileField field : ProfileField.values()) {
            values.put(field, profile.value(field));
        }
        return render(profile, values, Map.of(), model);
    }

    @PostMapping("/account/profile")
    String save(@AuthenticationPrincipal SignedInAccount account, @RequestParam Map<String, String> form,
                HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash) {
        Profile profile = directory.profile(account.accountId()).orElseThrow();
        Map<ProfileField, String> typed = new EnumMap<>(ProfileField.class);
        for (ProfileField field : directory.userEditable()) {
            String value = form.get(field.formName());
            if (value != null) {
                typed.put(field, value);
            }
        }
        try {
            Set<ProfileField> changed = directory.updateOwnProfile(account.accountId(), ProfileChanges.of(typed));
            if (changed.contains(ProfileField.DISPLAY_NAME)) {
                refreshPrincipal(request, response);
            }
            flash.addFlashAttribute("success", changed.isEmpty() ? "You did not change anything." : "Your profile has been updated.");
            return "redirect:/account/profile";
        } catch (InvalidProfileException invalid) {
            Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
            for (ProfileField field : ProfileField.values()) {
                String value = typed.containsKey(field) ? typed.get(field) : profile.value(field);
                // Echo back at most what the field may hold, so a huge submission is not sent back.
                values.put(field, value != null && value.length() > field.maxLength() * 2
                        ? value.substring(0, field.maxLength() * 2) : value);
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return render(profile, values, invalid.problems(), model);
        }
    }

    private String render(Profile profile, Map<ProfileField, String> values, Map<ProfileField, String> problems,
                          Model model) {
        Set<ProfileField> editable = directory.userEditable();
        List<FieldView> fields = new ArrayList<>();
        List<ReadOnlyView> owned = new ArrayList<>();
        for (ProfileField field : ProfileField.values()) {
            if (editable.contains(field)) {
                fields.add(view(field, values.get(field), problems.get(field)));
            } else {
                owned.add(new ReadOnlyView(field.label(), profile.value(field)));
            }
        }
        model.addAttribute("profile", profile);
        model.addAttribute("fields", fields);
        model.addAttribute("owned", owned);
        model.addAttribute("problems", fields.stream().filter(f -> f.problem() != null).toList());
        return VIEW;
    }

    private static FieldView view(ProfileField field, String value, String problem) {
        return switch (field) {
            case DISPLAY_NAME -> new FieldView(field.formName(), field.label(), "Your first name and last name, as colleagues know you.",
                    value, problem, field.maxLength(), "text", "name", "nhsuk-input--width-30");
            case JOB_TITLE -> new FieldView(field.formName(), field.label(), "For example, Staff nurse or Practice manager.",
                    value, problem, field.maxLength(), "text", "organization-title", "nhsuk-input--width-30");
            case DEPARTMENT -> new FieldView(field.formName(), field.label(), "For example, Outpatients or Pharmacy.",
                    value, problem, field.maxLength(), "text", null, "nhsuk-input--width-30");
            case WORK_PHONE -> new FieldView(field.formName(), field.label(),
                    "Include the area code. For an extension, add ext and the number, like 0113 496 0000 ext 1234.",
                    value, problem, field.maxLength(), "tel", "work tel", "nhsuk-input--width-20");
            case PRONOUNS -> new FieldView(field.formName(), field.label() + " (optional)", "For example, she/her, he/him or they/them.",
                    value, problem, field.maxLength(), "text", null, "nhsuk-input--width-10");
            case LOCATION -> new FieldView(field.formName(), field.label() + " (optional)", "The building or site where you usually work.",
                    value, problem, field.maxLength(), "text", null, "nhsuk-input--width-30");
        };
    }

    /** The header shows the name from the session: give the session the new one. */
    private void refreshPrincipal(HttpServletRequest request, HttpServletResponse response) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null || !(current.getPrincipal() instanceof SignedInAccount old)) {
            return;
        }
        Profile profile = directory.profile(old.accountId()).orElseThrow();
        SignedInAccount renamed = new SignedInAccount(old.accountId(), old.email(), profile.displayName(),
                old.organisationId(), old.role());
        var replaced = UsernamePasswordAuthenticationToken.authenticated(renamed, null, current.getAuthorities());
        replaced.setDetails(current.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(replaced);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
