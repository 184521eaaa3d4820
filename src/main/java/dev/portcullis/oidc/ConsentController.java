package dev.portcullis.oidc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Asks a person to agree before an application that requires consent sees their details. The
 * answer is posted to the authorization endpoint, which records it and continues the sign-in.
 * Applications registered in the console are the organisation's own and do not ask.
 */
@Controller
class ConsentController {

    static final String PATH = "/oauth2/consent";
    static final String VIEW = "oidc/consent";

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;

    ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
        this.clients = clients;
        this.consents = consents;
    }

    record ScopeShown(String scope, String description) {
    }

    @GetMapping(PATH)
    String consent(@RequestParam(name = "client_id") String clientId, @RequestParam String scope,
                   @RequestParam String state, Model model) {
        SignedInAccount account = SignInCompletion.current();
        RegisteredClient client = clientId.length() > 100 ? null : clients.findByClientId(clientId);
        if (client == null || account == null || state.length() > 500 || scope.length() > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        OAuth2AuthorizationConsent previous = consents.findById(client.getId(), account.getName());
        Set<String> already = previous == null ? Set.of() : previous.getScopes();
        List<ScopeShown> asked = new ArrayList<>();
        List<String> requested = new ArrayList<>(new LinkedHashSet<>(List.of(scope.split(" "))));
        for (String s : requested) {
            if (!OidcScopes.OPENID.equals(s) && !already.contains(s) && client.getScopes().contains(s)) {
                asked.add(new ScopeShown(s, describe(s)));
            }
        }
        model.addAttribute("clientName", client.getClientName());
        model.addAttribute("clientId", client.getClientId());
        model.addAttribute("state", state);
        model.addAttribute("asked", asked);
        model.addAttribute("already", already.stream().filter(s -> !OidcScopes.OPENID.equals(s)).map(ConsentController::describe).toList());
        return VIEW;
    }

    static String describe(String scope) {
        return switch (scope) {
            case OidcScopes.PROFILE -> "your name and organisation";
            case OidcScopes.EMAIL -> "your email address";
            case "offline_access" -> "keep you signed in to it when you are not using it";
            default -> scope;
        };
    }
}
