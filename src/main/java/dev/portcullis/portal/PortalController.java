package dev.portcullis.portal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.portcullis.directory.OrganisationService;
import dev.portcullis.signin.SignedInAccount;

/** Home and the Profile menu: the pages every signed-in person starts from. */
@Controller
class PortalController {

    private final OrganisationService organisations;

    PortalController(OrganisationService organisations) {
        this.organisations = organisations;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal SignedInAccount account, Model model) {
        model.addAttribute("organisation", organisations.findById(account.organisationId()).orElse(null));
        return "portal/home";
    }

    @GetMapping("/account")
    String profile() {
        return "portal/profile";
    }
}
