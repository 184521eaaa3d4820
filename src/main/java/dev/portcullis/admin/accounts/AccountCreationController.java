package dev.portcullis.admin.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.account.Account;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminScope;
import dev.portcullis.admin.AdminStepUp;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.shared.CsvCells;
import dev.portcullis.signin.SignedInAccount;

/** Create an account, or many from a CSV file. */
@Controller
class AccountCreationController {

    private final AccountCreation creation;
    private final AdminScope scope;
    private final OrganisationService organisations;
    private final AdminStepUp stepUp;

    AccountCreationController(AccountCreation creation, AdminScope scope, OrganisationService organisations,
                              AdminStepUp stepUp) {
        this.stepUp = stepUp;
        this.creation = creation;
        this.scope = scope;
        this.organisations = organisations;
    }

    @GetMapping("/admin/accounts/new")
    String form(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                Model model) {
        String gate = stepUp.require(admin, authentication, request, "/admin/accounts/new");
        if (gate != null) {
            return gate;
        }
        fill(model, admin, Map.of("email", "", "displayName", "", "organisation", Long.toString(admin.organisationId()), "role", "user"), null, null);
        return "admin/accounts/new";
    }

    @PostMapping("/admin/accounts/new")
    String create(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "") String displayName, @RequestParam(defaultValue = "") String organisation,
                  @RequestParam(defaultValue = "user") String role, Authentication authentication,
                  HttpServletRequest request, Model model, RedirectAttributes flash) {
        String gate = stepUp.require(admin, authentication, request, "/admin/accounts/new");
        if (gate != null) {
            return gate;
        }
        Map<String, String> form = Map.of("email", clip(email), "displayName", clip(displayName), "organisation", clip(organisation), "role", clip(role));
        long organisationId;
        Role chosen;
        try {
            // A local administrator's form has no organisation field: blank means their own. A named
            // organisation is checked like any other (ADM-01), never silently swapped for their own.
            organisationId = organisation.isBlank() && !scope.isGlobal(admin) ? admin.organisationId()
                    : Long.parseLong(organisation.strip());
            chosen = Role.fromDb(role);
        } catch (IllegalArgumentException e) {
            fill(model, admin, form, "organisation", "Choose an organisation and a role");
            return "admin/accounts/new";
        }
        try {
            Account created = creation.createOne(admin, email, displayName, organisationId, chosen);
            flash.addFlashAttribute("success", "Account created. We have emailed " + created.email() + " a link to set their password.");
            return "redirect:/admin/accounts/" + created.id();
        } catch (InvalidAccountException e) {
            fill(model, admin, form, e.field(), e.getMessage());
            return "admin/accounts/new";
        }
    }

    @GetMapping("/admin/accounts/import")
    String importForm(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication,
                      HttpServletRequest request) {
        String gate = stepUp.require(admin, authentication, request, "/admin/accounts/import");
        if (gate != null) {
            return gate;
        }
        return "admin/accounts/import";
    }

    @GetMapping("/admin/accounts/import/template.csv")
    void template(HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"accounts-template.csv\"");
        response.getWriter().print(String.join(",", AccountCreation.HEADER) + "\r\n"
                + CsvCells.row("florence.nightingale@example.nhs.uk", "Florence Nightingale", "RX1", "user"));
    }

    @PostMapping("/admin/accounts/import")
    String importFile(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(required = false) MultipartFile file,
                      Authentication authentication, HttpServletRequest request, Model model) throws IOException {
        String gate = stepUp.require(admin, authentication, request, "/admin/accounts/import");
        if (gate != null) {
            return gate;
        }
        if (file == null || file.isEmpty()) {
            model.addAttribute("problem", "Select a CSV file");
            return "admin/accounts/import";
        }
        if (file.getSize() > AccountCsv.MAX_FILE_BYTES) {
            model.addAttribute("problem", "The file must be smaller than 1 MB");
            return "admin/accounts/import";
        }
        AccountCreation.ImportResult result = creation.importCsv(admin, file.getInputStream());
        model.addAttribute("result", result);
        return "admin/accounts/import-result";
    }

    private void fill(Model model, SignedInAccount admin, Map<String, String> form, String field, String problem) {
        model.addAttribute("form", form);
        model.addAttribute("field", field);
        model.addAttribute("problem", problem);
        model.addAttribute("global", scope.isGlobal(admin));
        model.addAttribute("organisations", scope.isGlobal(admin) ? organisations.findAll()
                : organisations.findById(admin.organisationId()).map(List::of).orElse(List.of()));
    }

    private static String clip(String value) {
        return value.length() > 300 ? value.substring(0, 300) : value;
    }
}
