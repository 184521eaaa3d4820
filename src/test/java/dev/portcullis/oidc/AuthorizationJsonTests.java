package dev.portcullis.oidc;

import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.portcullis.account.Role;
import dev.portcullis.signin.SignedInAccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signed-in person, with the factors amr and acr come from, survives the trip through the database. */
class AuthorizationJsonTests {

    private final JsonMapper json = AuthorizationJson.mapper();

    @Test
    void principalWithFactorAuthoritiesRoundTrips() {
        Instant password = Instant.parse("2026-03-01T09:00:00Z");
        Instant totp = Instant.parse("2026-03-01T09:00:20Z");
        List<GrantedAuthority> authorities = List.of(
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(password).build(),
                FactorGrantedAuthority.withAuthority("FACTOR_TOTP").issuedAt(totp).build(),
                new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("SIGNED_IN"));
        SignedInAccount account = new SignedInAccount(42, "nurse@example.nhs.uk", "Ward Nurse", 7, Role.USER);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Principal.class.getName(), UsernamePasswordAuthenticationToken.authenticated(account, null, authorities));

        String written = json.writeValueAsString(attributes);
        Map<String, Object> read = json.readValue(written, new TypeReference<Map<String, Object>>() {
        });

        Authentication back = (Authentication) read.get(Principal.class.getName());
        assertThat(back.getPrincipal()).isEqualTo(account);
        assertThat(back.getName()).isEqualTo("42");
        assertThat(back.getAuthorities()).filteredOn(a -> a instanceof FactorGrantedAuthority)
                .extracting(a -> ((FactorGrantedAuthority) a).getIssuedAt()).containsExactly(password, totp);
        assertThat(written).doesNotContain("password\"");
    }

    @Test
    void typesOutsideTheAllowListAreNotRead() {
        String hostile = "{\"@class\":\"java.util.HashMap\",\"x\":{\"@class\":\"java.net.URLClassLoader\"}}";

        assertThatThrownBy(() -> json.readValue(hostile, new TypeReference<Map<String, Object>>() {
        })).hasMessageContaining("URLClassLoader");
    }
}
