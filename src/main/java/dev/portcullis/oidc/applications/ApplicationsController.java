package dev.portcullis.oidc.applications;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.server.ResponseStatusException;

import dev.portcullis.admin.AdminStepUp;
import dev.portcullis.oidc.Acr;
import dev.portcullis.oidc.ApplicationSettings;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * The console's relying applications, for global administrators (the portal's security
 * configuration holds {@code /admin/applications/**} to them). Registering, changing, renewing
 * a secret and deleting need the administrator's own second factor in the last five minutes
 * (ADM-02, MFA-05); a secret is shown once, on the page right after it was made.
 */
@Controller
@RequestMapping("/admin/applications")
class ApplicationsController {

    static final String LIST = "admin/applications/list";
    static final String NEW = "admin/applications/new";
    static final String EDIT = "admin/applications/edit";
    static final String DELETE = "admin/applications/delete";

    private final Applications applications;
    private final AdminStepUp stepUp;
    private final AuthorizationServerSettings server;

    ApplicationsController(Applications applications, AdminStepUp stepUp, AuthorizationServerSettings server) {
        this.applications = applications;
        this.stepUp = stepUp;
        this.server = server;
    }

    /** One row of the list. */
    record Row(String id, String name, String clientId, String type, String minimum, int addresses, boolean configured) {
    }

    @GetMapping
    String list(Model model) {
        List<Row> rows = applications.all().stream().map(c -> new Row(c.getId(), c.getClientName(), c.getClientId(),
                Applications.confidential(c) ? "Confidential" : "Public", minimumLabel(c), c.getRedirectUris().size(),
                ApplicationSettings.SOURCE_CONFIGURATION.equals(ApplicationSettings.source(c)))).toList();
        model.addAttribute("applications", rows);
        model.addAttribute("discovery", server.getIssuer() + "/.well-known/openid-configuration");
        return LIST;
    }

    @GetMapping("/new")
    String newForm(HttpServletRequest request, Authentication authentication, Model model) {
        String gate = gate(authentication, request, "/admin/applications/new");
        if (gate != null) {
            return gate;
        }
        return form(model, ApplicationForm.blank(), Map.of(), null);
    }

    @PostMapping
    String register(@ModelAttribute ApplicationForm form, HttpServletRequest request, Authentication authentication,
                    Model model, RedirectAttributes redirect) {
        String gate = gate(authentication, request, "/admin/applications/new");
        if (gate != null) {
            return gate;
        }
        ApplicationForm.Checked checked = form.validate(false);
        if (checked.valid() == null) {
            return form(model, form, checked.problems(), null);
        }
        Applications.Registered registered = applications.register(checked.valid(), actor());
        if (registered.secret() != null) {
            redirect.addFlashAttribute("secret", registered.secret());
        }
        redirect.addFlashAttribute("success", registered.client().getClientName() + " is registered");
        return "redirect:/admin/applications/" + registered.client().getId();
    }

    @GetMapping("/{id}")
    String edit(@PathVariable String id, HttpServletRequest request, Authentication authentication, Model model) {
        RegisteredClient client = applications.find(id).orElseThrow(ApplicationsController::notFound);
        String gate = gate(authentication, request, "/admin/applications/" + client.getId());
        if (gate != null) {
            return gate;
        }
        return form(model, ApplicationForm.of(client), Map.of(), client);
    }

    @PostMapping("/{id}")
    String update(@PathVariable String id, @ModelAttribute ApplicationForm form, HttpServletRequest request,
                  Authentication authentication, Model model, RedirectAttributes redirect) {
        RegisteredClient client = applications.find(id).orElseThrow(ApplicationsController::notFound);
        String gate = gate(authentication, request, "/admin/applications/" + client.getId());
        if (gate != null) {
            return gate;
        }
        ApplicationForm.Checked checked = form.validate(true);
        if (checked.valid() == null) {
            return form(model, form, checked.problems(), client);
        }
        RegisteredClient saved = applications.update(id, checked.valid(), actor()).orElseThrow(ApplicationsController::notFound);
        redirect.addFlashAttribute("success", "Your changes to " + saved.getClientName() + " are saved");
        return "redirect:/admin/applications/" + saved.getId();
    }

    @PostMapping("/{id}/secret")
    String renewSecret(@PathVariable String id, HttpServletRequest request, Authentication authentication,
                       RedirectAttributes redirect) {
        RegisteredClient client = applications.find(id).orElseThrow(ApplicationsController::notFound);
        String gate = gate(authentication, request, "/admin/applications/" + client.getId());
        if (gate != null) {
            return gate;
        }
        String secret = applications.renewSecret(id, actor()).orElseThrow(ApplicationsController::notFound);
        redirect.addFlashAttribute("secret", secret);
        redirect.addFlashAttribute("success", "A new secret is ready. The old one no longer works.");
        return "redirect:/admin/applications/" + client.getId();
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable String id, HttpServletRequest request, Authentication authentication, Model model) {
        RegisteredClient client = applications.find(id).orElseThrow(ApplicationsController::notFound);
        String gate = gate(authentication, request, "/admin/applications/" + client.getId() + "/delete");
        if (gate != null) {
            return gate;
        }
        model.addAttribute("app", client);
        model.addAttribute("configured", ApplicationSettings.SOURCE_CONFIGURATION.equals(ApplicationSettings.source(client)));
        return DELETE;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable String id, HttpServletRequest request, Authentication authentication,
                  RedirectAttributes redirect) {
        RegisteredClient client = applications.find(id).orElseThrow(ApplicationsController::notFound);
        String gate = gate(authentication, request, "/admin/applications/" + client.getId() + "/delete");
        if (gate != null) {
            return gate;
        }
        applications.delete(id, actor());
        redirect.addFlashAttribute("success", client.getClientName() + " is deleted. People can no longer sign in to it with "
                + "this service.");
        return "redirect:/admin/applications";
    }

    private String form(Model model, ApplicationForm form, Map<String, String> problems, RegisteredClient existing) {
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("app", existing);
        model.addAttribute("configured", existing != null
                && ApplicationSettings.SOURCE_CONFIGURATION.equals(ApplicationSettings.source(existing)));
        model.addAttribute("confidential", existing != null && Applications.confidential(existing));
        model.addAttribute("issuer", server.getIssuer());
        model.addAttribute("acrs", Acr.values());
        return existing == null ? NEW : EDIT;
    }

    /**
     * ADM-02: changes need the administrator's own second factor from the last five minutes; an
     * administrator without any method sets one up first (password alone never changes an application).
     */
    private String gate(Authentication authentication, HttpServletRequest request, String returnPath) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return stepUp.require(account, authentication, request, returnPath);
    }

    private static long actor() {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return account.accountId();
    }

    private static String minimumLabel(RegisteredClient client) {
        return ApplicationSettings.minimumAcr(client).map(acr -> acr == Acr.PHR ? "Phishing-resistant" : "Any second factor")
                .orElse("Password only");
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
