package dev.portcullis.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.portcullis.PortcullisApplication;
import dev.portcullis.account.AccountService;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first administrator's password meets the whole password rule, not only its length
 * (SECURITY.md PWD-01): on the one-time set-up form a common or personal password is refused
 * with the reason and nothing is created; a weak PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD stops
 * start-up with a message that names the variable and never the password.
 */
@ExtendWith(OutputCaptureExtension.class)
class SetupPasswordPolicyIntegrationTests {

    @Test
    void pwd01_setupFormRefusesACommonPassword() {
        try (var app = start(database())) {
            String token = app.getBean(SetupTokens.class).issue();
            HttpUser user = new HttpUser(port(app));
            user.get("/setup/" + token);

            Response common = user.post("/setup/" + token, form("Ada Lovelace", "ada@portcullis.example", "qwertyuiop"));
            assertThat(common.status()).isEqualTo(200);
            assertThat(common.body()).contains("There is a problem").contains("This is a very common password")
                    .doesNotContain("qwertyuiop");
            assertNothingCreatedAndLinkStillWorks(app, token);

            Response personal = user.post("/setup/" + token,
                    form("Ada Lovelace", "ada@portcullis.example", "lovelace-analytical-engine"));
            assertThat(personal.status()).isEqualTo(200);
            assertThat(personal.body()).contains("Do not include your name or email address in your password");
            assertNothingCreatedAndLinkStillWorks(app, token);

            Response created = user.post("/setup/" + token,
                    form("Ada Lovelace", "ada@portcullis.example", "tulip window seventeen"));
            assertThat(created.location()).isEqualTo("/signin?created");
            assertThat(app.getBean(AccountService.class).count()).isEqualTo(1);
        }
    }

    @Test
    void pwd01_weakBootstrapPasswordStopsStartUpWithAClearMessage(CapturedOutput output) {
        String database = database();
        String weak = "Password2026";

        assertThatThrownBy(() -> start(database, "--portcullis.bootstrap.admin-email=admin@portcullis.example",
                "--portcullis.bootstrap.admin-password=" + weak).close())
                .hasStackTraceContaining("PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD was refused")
                .hasStackTraceContaining("Nothing was created")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(weak));

        try (var app = start(database)) {
            assertThat(app.getBean(AccountService.class).count()).as("nothing was created by the refused start").isZero();
            assertThat(app.getBean(OrganisationService.class).findByCode("ADMIN")).isEmpty();
        }
        assertThat(output.getAll()).doesNotContain(weak);
    }

    private static void assertNothingCreatedAndLinkStillWorks(ConfigurableApplicationContext app, String token) {
        assertThat(app.getBean(AccountService.class).count()).isZero();
        assertThat(app.getBean(OrganisationService.class).findByCode("ADMIN")).isEmpty();
        assertThat(app.getBean(SetupTokens.class).isValid(token)).isTrue();
    }

    private static String stackTrace(Throwable e) {
        var text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static Map<String, String> form(String name, String email, String password) {
        return Map.of("displayName", name, "email", email, "password", password, "confirmPassword", password);
    }

    /** A whole Portcullis on the named database; arguments as an operator would pass them. */
    private static ConfigurableApplicationContext start(String database, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--portcullis.test.database-name=" + database, "--server.port=0"));
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(PortcullisApplication.class).run(args.toArray(String[]::new));
    }

    private static String database() {
        return "t_start_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
