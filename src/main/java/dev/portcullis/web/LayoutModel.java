package dev.portcullis.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.portcullis.shared.ServiceProperties;
import dev.portcullis.signin.SignedInAccount;

/** What every page's layout needs: the service name, who is signed in, and the Email link. */
@ControllerAdvice
class LayoutModel {

    private final ServiceProperties service;

    LayoutModel(ServiceProperties service) {
        this.service = service;
    }

    @ModelAttribute("serviceName")
    String serviceName() {
        return service.serviceName();
    }

    @ModelAttribute("emailUrl")
    String emailUrl() {
        return service.emailUrl();
    }

    @ModelAttribute("currentUser")
    SignedInAccount currentUser(@CurrentSecurityContext(expression = "authentication") Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof SignedInAccount account
                && authentication.getAuthorities().stream().anyMatch(a -> "SIGNED_IN".equals(a.getAuthority()))) {
            return account;
        }
        return null;
    }
}
