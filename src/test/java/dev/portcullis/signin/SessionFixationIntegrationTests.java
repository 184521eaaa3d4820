package dev.portcullis.signin;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SES-01: the session gets a new id at every step that raises what it may do (the password, the
 * second factor, a step-up) and when the password changes; a copy of an older id, as someone
 * who planted or sniffed it would hold, reaches nothing. The cookie cannot be read by script.
 */
class SessionFixationIntegrationTests extends AdminConsoleTestBase {

    @Test
    void ses01_sessionIdChangesAtEachStepAndAnOldIdGivesNothing() {
        Account person = person(organisation("Fixation Trust"), Role.USER, "Pat Person");
        String key = enrolApp(person);
        HttpUser user = new HttpUser(port);

        // Before signing in: the sign-in page's session (the one an attacker could plant).
        HttpUser.Response signInPage = user.get("/signin");
        String planted = user.sessionCookie();
        assertThat(planted).isNotNull();
        assertThat(signInPage.setCookie(HttpUser.SESSION_COOKIE)).hasValueSatisfying(cookie ->
                assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite"));

        // The password step.
        assertThat(user.post("/signin", Map.of("email", person.email(), "password", PASSWORD)).location())
                .isEqualTo("/signin/factor");
        String afterPassword = user.sessionCookie();
        assertThat(afterPassword).isNotEqualTo(planted);
        assertNothingFor(planted);

        // The second factor.
        user.get("/signin/factor/totp");
        HttpUser.Response proven = user.post("/signin/factor/totp", Map.of("code", code(key)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        String signedIn = user.sessionCookie();
        assertThat(signedIn).isNotEqualTo(afterPassword).isNotEqualTo(planted);
        assertNothingFor(afterPassword);
        assertThat(user.get("/").status()).isEqualTo(200);

        // A step-up before changing the password.
        clock.advance(Duration.ofMinutes(6));
        assertThat(user.get("/account/password").location()).isEqualTo("/signin/factor?stepup");
        assertThat(stepUp(user, key).location()).isEqualTo("/account/password");
        String steppedUp = user.sessionCookie();
        assertThat(steppedUp).isNotEqualTo(signedIn);
        assertNothingFor(signedIn);

        // The password change.
        assertThat(user.get("/account/password").status()).isEqualTo(200);
        String newPassword = "a new and longer passphrase " + unique();
        HttpUser.Response changed = user.post("/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", newPassword, "confirmPassword", newPassword));
        assertThat(changed.location()).as(changed.body()).isEqualTo("/account/password/changed");
        String afterChange = user.sessionCookie();
        assertThat(afterChange).isNotEqualTo(steppedUp);
        assertNothingFor(steppedUp);

        // The person's own, newest session carries on.
        assertThat(user.get("/account/self-service").status()).isEqualTo(200);
    }

    /** A browser holding only this old session cookie is treated as signed out everywhere. */
    private void assertNothingFor(String oldSessionCookie) {
        HttpUser replay = new HttpUser(port).withCookie(HttpUser.SESSION_COOKIE, oldSessionCookie);
        for (String path : new String[] {"/", "/account/self-service", "/account/password", "/signin/factor"}) {
            HttpUser.Response response = replay.get(path);
            assertThat(response.status()).as(path).isEqualTo(302);
            assertThat(response.location()).as(path).isEqualTo("/signin");
            replay.withCookie(HttpUser.SESSION_COOKIE, oldSessionCookie);
        }
    }
}
