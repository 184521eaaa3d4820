package dev.portcullis.oidc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.portcullis.account.Role;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorRegistry;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.mfa.TestFactorRegistries;
import dev.portcullis.signin.SignedInAccount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization-request parameters Portcullis reads itself ({@code prompt}, {@code max_age},
 * {@code acr_values}, with {@code nonce}, {@code state}, {@code scope} and the PKCE challenge
 * in the request's fingerprint), in any combination, for every kind of session and application
 * minimum (INP-01, OIDC-07, MFA-03): the policy only ever lets the request go on or answers with
 * an OAuth error of its own; never another exception, and never a code for a session weaker than
 * what the request and the application accept. Runs the seeds and committed inputs in every
 * build, and fuzzes for a bounded time in the build's {@code fuzz-oidc-parameters} execution.
 *
 * <p>Input: the parameters one per line, in the order of {@link #NAMES}; a missing line is an
 * absent parameter.
 */
class AuthorizationParametersFuzzTests {

    private static final String[] NAMES = {"prompt", "max_age", Acr.ACR_VALUES, "nonce", "code_challenge",
            "code_challenge_method", "state", "scope"};

    private static final Set<String> OUR_ERRORS = Set.of("login_required", "interaction_required", "invalid_request",
            AuthorizationRequestPolicy.UNMET);

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private static final Instant PASSWORD_AT = NOW.minus(Duration.ofMinutes(10));

    private static final HeldFactor APP = new HeldFactor(new FactorType("appx", "otp", "App", "An app.", false, false, false, false, 10),
            Set.of(1L, 2L));
    private static final HeldFactor KEY = new HeldFactor(new FactorType("keyx", "hwk", "Key", "A key.", true, true, false, true, 20),
            Set.of(2L));

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final FactorRegistry registry = TestFactorRegistries.registry(List.of(APP, KEY));
    private final MfaService mfa = TestFactorRegistries.mfaService(registry, event -> { }, clock);
    private final AuthenticationStrengths strengths = new AuthenticationStrengths(registry);
    private final AuthorizationRequestPolicy policy = new AuthorizationRequestPolicy(strengths, mfa, event -> { }, clock);

    private final List<Authentication> sessions = List.of(
            new AnonymousAuthenticationToken("key", "anonymousUser", List.of(new SimpleGrantedAuthority("ROLE_ANONYMOUS"))),
            session(1, false, "FACTOR_PASSWORD"),
            session(1, true, "FACTOR_PASSWORD", APP.type().authority()),
            session(2, true, "FACTOR_PASSWORD", APP.type().authority()),
            session(2, true, "FACTOR_PASSWORD", KEY.type().authority()));

    private final List<RegisteredClient> clients = List.of(client(null), client("mfa"), client("phr"));

    @FuzzTest(maxDuration = "10s")
    void inp01_anyPromptMaxAgeAndAcrValuesGetAnOAuthAnswerAndNeverAWeakerCode(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < NAMES.length && i < lines.length; i++) {
            parameters.put(NAMES[i], lines[i]);
        }
        String state = (String) parameters.remove("state");
        Object scope = parameters.remove("scope");
        Set<String> scopes = scope == null ? Set.of("openid")
                : Arrays.stream(((String) scope).split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));

        MockHttpServletRequest http = new MockHttpServletRequest("GET", "/oauth2/authorize");
        http.getSession(true);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(http));
        try {
            for (Authentication session : sessions) {
                for (RegisteredClient client : clients) {
                    decide(session, client, state, scopes, parameters);
                }
            }
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    private void decide(Authentication session, RegisteredClient client, String state, Set<String> scopes,
                        Map<String, Object> parameters) {
        var request = new OAuth2AuthorizationCodeRequestAuthenticationToken("http://localhost/oauth2/authorize",
                client.getClientId(), session, "https://app.example/callback", state, scopes, parameters);
        var context = OAuth2AuthorizationCodeRequestAuthenticationContext.with(request).registeredClient(client).build();
        AuthenticationStrengths.Strength strength = strengths.of(session);
        Acr minimum = ApplicationSettings.minimumAcr(client).orElse(null);
        String acrValues = text(parameters, Acr.ACR_VALUES);
        Set<String> prompt = words(text(parameters, "prompt"));
        boolean malformed = (state != null && !AuthorizationRequestPolicy.acceptableText(state))
                || parameters.values().stream().anyMatch(v -> !AuthorizationRequestPolicy.acceptableText((String) v))
                || !text(parameters, "max_age").matches("([0-9]{1,9})?");
        try {
            policy.accept(context);
        } catch (InteractionRequired interaction) {
            assertThat(malformed).as("a malformed request is refused before anything else").isFalse();
            assertThat(strength.signedIn()).as("only a signed-in session is sent to sign in again or step up").isTrue();
            assertThat(prompt).doesNotContain("none");
            assertThat(interaction.requestFingerprint()).isNotBlank();
            if (interaction.kind() == InteractionRequired.Kind.STEP_UP) {
                assertThat(interaction.required()).isNotNull();
                assertThat(strength.satisfies(interaction.required())).isFalse();
                assertThat(interaction.required().satisfies(minimum)).isTrue();
            }
            return;
        } catch (OAuth2AuthorizationCodeRequestAuthenticationException error) {
            if (malformed) {
                assertThat(error.getError().getErrorCode()).isEqualTo("invalid_request");
            }
            assertThat(OUR_ERRORS).contains(error.getError().getErrorCode());
            assertThat(error.getAuthorizationCodeRequestAuthentication()).isSameAs(request);
            if ("invalid_request".equals(error.getError().getErrorCode())) {
                assertThat(malformed).as("invalid_request only for a malformed parameter").isTrue();
                assertThat(error.getError().getDescription()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
            }
            return;
        }
        assertThat(malformed).as("a malformed request is refused before anything else").isFalse();
        // Went on. Unless Spring's own validators refuse the request next (a malformed PKCE
        // challenge or prompt), a signed-in session gets a code: it must meet what is accepted.
        boolean wellFormed = !text(parameters, "code_challenge").isEmpty()
                && "S256".equals(text(parameters, "code_challenge_method"))
                && !(prompt.contains("none") && prompt.size() > 1 && scopes.contains("openid"));
        if (wellFormed && strength.signedIn()) {
            List<Acr> acceptable = AuthorizationRequestPolicy.acceptable(acrValues, minimum);
            assertThat(acceptable.isEmpty() || acceptable.stream().anyMatch(strength::satisfies))
                    .as("a code only for a session meeting %s (minimum %s)", acceptable, minimum).isTrue();
            Optional<Acr> asserted = AuthorizationRequestPolicy.asserted(strength, acrValues, minimum);
            if (minimum != null) {
                assertThat(asserted).isPresent();
                assertThat(asserted.get().satisfies(minimum)).isTrue();
            }
            assertThat(prompt.contains("login")).as("prompt=login always asks for the password again").isFalse();
        }
    }

    private static String text(Map<String, Object> parameters, String name) {
        return parameters.get(name) instanceof String s ? s.strip() : "";
    }

    private static Set<String> words(String value) {
        return Arrays.stream(value.split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private Authentication session(long accountId, boolean signedIn, String... factors) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String factor : factors) {
            authorities.add(FactorGrantedAuthority.withAuthority(factor).issuedAt(PASSWORD_AT).build());
        }
        if (signedIn) {
            authorities.add(new SimpleGrantedAuthority(AuthenticationStrengths.SIGNED_IN));
        }
        SignedInAccount account = new SignedInAccount(accountId, "person" + accountId + "@example.nhs.uk", "Person",
                7, Role.USER);
        return UsernamePasswordAuthenticationToken.authenticated(account, null, authorities);
    }

    private static RegisteredClient client(String minimumAcr) {
        ClientSettings.Builder settings = ClientSettings.builder().requireProofKey(true);
        if (minimumAcr != null) {
            settings.setting(ApplicationSettings.MINIMUM_ACR, minimumAcr);
        }
        return RegisteredClient.withId("id-" + minimumAcr)
                .clientId("app-" + minimumAcr)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("https://app.example/callback")
                .scope("openid")
                .clientSettings(settings.build())
                .build();
    }

    /** A factor held by a fixed set of accounts, with nothing stored. */
    private record HeldFactor(FactorType type, Set<Long> holders) implements Factor {

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public List<EnrolledFactor> enrolled(long accountId) {
            return holders.contains(accountId)
                    ? List.of(new EnrolledFactor(type.id(), "1", type.name(), null, Instant.EPOCH, null))
                    : List.of();
        }

        @Override
        public String enrollPath() {
            return "/account/security/factors/" + type.id() + "/enroll";
        }

        @Override
        public String challengePath(String instanceId) {
            return "/signin/factor/" + type.id();
        }

        @Override
        public boolean remove(long accountId, String instanceId) {
            return false;
        }

        @Override
        public void removeAll(long accountId) {
        }
    }
}
