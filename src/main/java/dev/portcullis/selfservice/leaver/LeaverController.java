package dev.portcullis.selfservice.leaver;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.account.AccountService;
import dev.portcullis.admin.AdminScope;
import dev.portcullis.admin.AdminStepUp;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.signin.SignedInAccount;

/** Self-Service &gt; Nominate Myself as Leaver, and the administrators' leavers and joiners queue. */
@Controller
class LeaverController {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final Leavers leavers;
    private final OrganisationService organisations;
    private final AccountService accounts;
    private final AdminScope scope;
    private final AdminStepUp stepUp;

    LeaverController(Leavers leavers, OrganisationService organisations, AccountService accounts, AdminScope scope,
                     AdminStepUp stepUp) {
        this.stepUp = stepUp;
        this.leavers = leavers;
        this.organisations = organisations;
        this.accounts = accounts;
        this.scope = scope;
    }

    @GetMapping("/account/leaver")
    String form(@AuthenticationPrincipal SignedInAccount account, Model model) {
        var open = leavers.open(account.accountId());
        if (open.isPresent()) {
            model.addAttribute("nomination", describe(open.get()));
            model.addAttribute("withdrawable", open.get().leavingDate().isAfter(leavers.today()));
            return "selfservice/leaver/nominated";
        }
        model.addAttribute("organisations", otherOrganisations(account));
        model.addAttribute("form", Map.of("day", "", "month", "", "year", "", "destination", ""));
        return "selfservice/leaver/nominate";
    }

    @PostMapping("/account/leaver")
    String nominate(@AuthenticationPrincipal SignedInAccount account, @RequestParam(defaultValue = "") String day,
                    @RequestParam(defaultValue = "") String month, @RequestParam(defaultValue = "") String year,
                    @RequestParam(defaultValue = "") String destination, @RequestParam(required = false) String acceptTerms,
                    Model model, RedirectAttributes flash) {
        String field = null;
        String problem = null;
        LocalDate date = null;
        try {
            date = LocalDate.of(Integer.parseInt(year.strip()), Integer.parseInt(month.strip()), Integer.parseInt(day.strip()));
        } catch (RuntimeException e) {
            field = "leavingDate-day";
            problem = "Enter a real leaving date, for example 31 3 2027";
        }
        Long destinationId = null;
        if (problem == null && !destination.isBlank()) {
            try {
                destinationId = Long.parseLong(destination.strip());
            } catch (NumberFormatException e) {
                field = "destination";
                problem = "Choose the organisation you are moving to, or none";
            }
        }
        if (problem == null && !"yes".equals(acceptTerms)) {
            field = "acceptTerms";
            problem = "Confirm that you understand the terms and conditions";
        }
        if (problem == null) {
            try {
                leavers.nominate(account.accountId(), date, destinationId);
                flash.addFlashAttribute("success", "You are nominated as a leaver. Your local administrator has been told.");
                return "redirect:/account/leaver";
            } catch (Leavers.LeaverException e) {
                field = e.field();
                problem = e.getMessage();
            }
        }
        model.addAttribute("organisations", otherOrganisations(account));
        model.addAttribute("form", Map.of("day", clip(day), "month", clip(month), "year", clip(year), "destination", clip(destination)));
        model.addAttribute("problem", problem);
        model.addAttribute("field", field);
        return "selfservice/leaver/nominate";
    }

    @PostMapping("/account/leaver/withdraw")
    String withdraw(@AuthenticationPrincipal SignedInAccount account, RedirectAttributes flash) {
        if (leavers.withdraw(account.accountId())) {
            flash.addFlashAttribute("success", "Your leaver nomination has been withdrawn.");
        } else if (leavers.open(account.accountId()).isPresent()) {
            flash.addFlashAttribute("problem", "Your leaving date has come, so your nomination can no longer be withdrawn. "
                    + "Contact your local administrator if you are not leaving.");
        }
        return "redirect:/account/self-service";
    }

    @GetMapping("/admin/leavers")
    String queue(@AuthenticationPrincipal SignedInAccount admin, Model model) {
        Long organisation = scope.organisationFilter(admin);
        model.addAttribute("leaving", leavers.leaving(organisation).stream().map(this::describe).toList());
        model.addAttribute("joining", leavers.joining(organisation).stream().map(this::describe).toList());
        return "selfservice/leaver/queue";
    }

    @PostMapping("/admin/leavers/{id}/claim")
    String claim(@AuthenticationPrincipal SignedInAccount admin, @PathVariable long id,
                 org.springframework.security.core.Authentication authentication,
                 jakarta.servlet.http.HttpServletRequest request, RedirectAttributes flash) {
        Nomination nomination = leavers.find(id).orElseThrow(AdminScope.OutOfScopeException::new);
        if (nomination.destinationOrganisationId() == null) {
            throw new AdminScope.OutOfScopeException();
        }
        scope.requireOrganisation(admin, nomination.destinationOrganisationId(), "claim joiner");
        String gate = stepUp.require(admin, authentication, request, "/admin/leavers");
        if (gate != null) {
            return gate;
        }
        if (leavers.claim(id, admin.accountId())) {
            flash.addFlashAttribute("success", "Claimed: the account will move to your organisation on the leaving date.");
        }
        return "redirect:/admin/leavers";
    }

    private Map<String, Object> describe(Nomination n) {
        var account = accounts.findById(n.accountId()).orElse(null);
        return Map.of("id", n.id(),
                "name", account == null ? "" : account.displayName(),
                "email", account == null ? "" : account.email(),
                "leavingDate", DATE.format(n.leavingDate()),
                "from", organisations.findById(n.fromOrganisationId()).map(Organisation::name).orElse(""),
                "destination", n.destinationOrganisationId() == null ? "Not given"
                        : organisations.findById(n.destinationOrganisationId()).map(Organisation::name).orElse(""),
                "claimed", n.claimed());
    }

    private List<Organisation> otherOrganisations(SignedInAccount account) {
        List<Organisation> others = new ArrayList<>();
        for (Organisation o : organisations.findAll()) {
            if (o.id() != account.organisationId()) {
                others.add(o);
            }
        }
        return others;
    }

    private static String clip(String value) {
        return value.length() > 50 ? value.substring(0, 50) : value;
    }
}
