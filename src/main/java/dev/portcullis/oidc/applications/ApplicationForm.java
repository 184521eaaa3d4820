package dev.portcullis.oidc.applications;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.portcullis.oidc.Acr;
import dev.portcullis.oidc.ApplicationSettings;

/**
 * The register and change forms of the console, as typed. {@link #validate()} gives either the
 * checked values or one message per field, in the order the fields appear.
 *
 * @param name                   what people see ("Webmail")
 * @param redirectUris           sign-in return addresses, one per line
 * @param postLogoutRedirectUris sign-out return addresses, one per line (optional)
 * @param type                   {@code confidential} (a server that keeps a secret) or {@code public}
 * @param scopes                 of {@code profile}, {@code email}, {@code offline_access}; {@code openid} is always included
 * @param minimumAcr             {@code mfa}, {@code phr} or {@code none}
 * @param signingAlgorithm       of ID tokens: {@code RS256} or {@code ES256}
 */
record ApplicationForm(String name, String redirectUris, String postLogoutRedirectUris, String type, List<String> scopes,
                       String minimumAcr, String signingAlgorithm) {

    static final List<String> OPTIONAL_SCOPES = List.of(OidcScopes.PROFILE, OidcScopes.EMAIL, "offline_access");
    static final int MAX_ADDRESSES = 10;
    static final int MAX_ADDRESS_LENGTH = 500;
    static final int MAX_NAME_LENGTH = 100;

    /** A form whose values were all checked. */
    record Valid(String name, List<String> redirectUris, List<String> postLogoutRedirectUris, boolean confidential,
                 Set<String> scopes, Optional<Acr> minimumAcr, String signingAlgorithm) {
    }

    /** Exactly one of {@code valid} and a non-empty {@code problems} (field id to message). */
    record Checked(Valid valid, Map<String, String> problems) {
    }

    static ApplicationForm blank() {
        return new ApplicationForm("", "", "", "", List.of(OidcScopes.PROFILE, OidcScopes.EMAIL), Acr.MFA.shortName(), "RS256");
    }

    static ApplicationForm of(RegisteredClient client) {
        return new ApplicationForm(client.getClientName(), String.join("\n", client.getRedirectUris()),
                String.join("\n", client.getPostLogoutRedirectUris()),
                Applications.confidential(client) ? "confidential" : "public",
                client.getScopes().stream().filter(OPTIONAL_SCOPES::contains).toList(),
                ApplicationSettings.minimumAcr(client).map(Acr::shortName).orElse("none"),
                client.getTokenSettings().getIdTokenSignatureAlgorithm() == null ? "RS256"
                        : client.getTokenSettings().getIdTokenSignatureAlgorithm().getName());
    }

    /** @param typeFixed the type of an existing application cannot change; it is not checked */
    Checked validate(boolean typeFixed) {
        Map<String, String> problems = new LinkedHashMap<>();
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty()) {
            problems.put("name", "Enter a name for the application");
        } else if (cleanName.length() > MAX_NAME_LENGTH) {
            problems.put("name", "The name must be " + MAX_NAME_LENGTH + " characters or fewer");
        } else if (cleanName.chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "The name must be on one line");
        }
        List<String> returns = addresses(redirectUris, "redirectUris", "sign-in return address", true, problems);
        List<String> signOutReturns = addresses(postLogoutRedirectUris, "postLogoutRedirectUris", "sign-out return address",
                false, problems);
        boolean confidential = "confidential".equals(type);
        if (!typeFixed && !confidential && !"public".equals(type)) {
            problems.put("type", "Select where the application runs");
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String scope : scopes == null ? List.<String>of() : scopes) {
            if (!OPTIONAL_SCOPES.contains(scope)) {
                problems.putIfAbsent("scopes", "Select only the details listed");
            } else {
                chosen.add(scope);
            }
        }
        Optional<Acr> acr = Acr.parse(minimumAcr);
        if (acr.isEmpty() && !"none".equals(minimumAcr)) {
            problems.put("minimumAcr", "Select how strongly people must sign in");
        }
        if (!"RS256".equals(signingAlgorithm) && !"ES256".equals(signingAlgorithm)) {
            problems.put("signingAlgorithm", "Select how ID tokens are signed");
        }
        if (!problems.isEmpty()) {
            return new Checked(null, problems);
        }
        return new Checked(new Valid(cleanName, returns, signOutReturns, confidential, chosen, acr, signingAlgorithm), Map.of());
    }

    /**
     * One address per line: an absolute https URL, or http on this machine (localhost,
     * 127.0.0.1, [::1]) while developing; never a fragment, user information or wildcard.
     * Compared character for character at sign-in (OIDC-01), so they are kept as typed.
     */
    private static List<String> addresses(String text, String field, String what, boolean required, Map<String, String> problems) {
        List<String> found = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\\R");
        int number = 0;
        for (String line : lines) {
            number++;
            String address = line.strip();
            if (address.isEmpty()) {
                continue;
            }
            if (!acceptable(address)) {
                problems.putIfAbsent(field, "Line " + number + " is not a " + what + " Portcullis can use: enter an address"
                        + " starting with https:// (or http://localhost while developing), without # or *");
                return found;
            }
            if (!found.contains(address)) {
                found.add(address);
            }
        }
        if (found.size() > MAX_ADDRESSES) {
            problems.putIfAbsent(field, "Enter no more than " + MAX_ADDRESSES + " " + what + "es");
        } else if (required && found.isEmpty()) {
            problems.putIfAbsent(field, "Enter at least one " + what);
        }
        return found;
    }

    static boolean acceptable(String address) {
        if (address.length() > MAX_ADDRESS_LENGTH || address.contains("*") || address.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || uri.getHost() == null || uri.getHost().isEmpty()) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if ("https".equals(scheme)) {
            return true;
        }
        return "http".equals(scheme) && ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host));
    }
}
