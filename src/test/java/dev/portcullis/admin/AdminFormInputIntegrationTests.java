package dev.portcullis.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INP-01 on the administrators' account forms: oversized, malformed and hostile values to
 * create account, the account pages and actions, account search and the CSV import get a clear
 * message or a plain 400-class page, never a 500 or a stack trace, and change nothing.
 */
class AdminFormInputIntegrationTests extends AdminConsoleTestBase {

    private record Console(long org, Account admin, HttpUser user) {
    }

    private Console globalConsole() {
        long org = organisation("Input Trust");
        Account admin = person(org, Role.GLOBAL_ADMIN, "Gina Input");
        HttpUser user = signedInWithApp(admin, enrolApp(admin));
        assertThat(user.get("/admin/accounts/new").status()).isEqualTo(200);
        return new Console(org, admin, user);
    }

    @Test
    void inp01_oversizedAndMalformedCreateAccountFormsGetAMessageAndCreateNothing() {
        Console c = globalConsole();
        String email = "new." + unique() + "@example.nhs.uk";
        String org = Long.toString(c.org());
        long before = accountCount();

        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Enter an email address in the correct format", form("e".repeat(20_000) + "@example.nhs.uk", "Ann Other", org, "user"));
        cases.put("Enter an email address in the correct format|x", form("\u202Eevil@example.nhs.uk", "Ann Other", org, "user"));
        cases.put("Enter an email address in the correct format|y", form(email + "\u0000", "Ann Other", org, "user"));
        cases.put("Enter a name of 200 characters or fewer", form(email, "N".repeat(20_000), org, "user"));
        cases.put("Enter a name of 200 characters or fewer|x", form(email, "Ann\u0000Other", org, "user"));
        cases.put("Enter a name of 200 characters or fewer|y", form(email, "Ann\r\nOther", org, "user"));
        cases.put("Choose an organisation and a role", form(email, "Ann Other", "99999999999999999999999", "user"));
        cases.put("Choose an organisation and a role|x", form(email, "Ann Other", "1; DROP TABLE account", "user"));
        cases.put("Choose an organisation and a role|y", form(email, "Ann Other", org, "emperor"));
        cases.put("Choose an organisation and a role|z", form(email, "Ann Other", org, "x".repeat(10_000)));
        cases.put("Choose an organisation|nonexistent", form(email, "Ann Other", "987654321987", "user"));

        for (var entry : cases.entrySet()) {
            String expected = entry.getKey().split("\\|")[0];
            HttpUser.Response page = c.user().get("/admin/accounts/new");
            assertThat(page.status()).isEqualTo(200);
            HttpUser.Response answer = c.user().postBody("/admin/accounts/new", entry.getValue() + "&_csrf=" + c.user().csrfToken());
            assertThat(answer.status()).as(entry.getKey()).isEqualTo(200);
            assertThat(answer.body()).as(entry.getKey()).contains("There is a problem").contains(expected);
            assertNoTrace(answer);
        }
        assertThat(accountCount()).as("nothing created").isEqualTo(before);
        assertThat(accounts.findByEmail(email)).isEmpty();
    }

    @Test
    void inp01_aFormBiggerThanTheLimitIsRefusedBeforeItIsReadAndCreatesNothing() {
        Console c = globalConsole();
        String email = "big." + unique() + "@example.nhs.uk";
        long before = accountCount();
        c.user().get("/admin/accounts/new");

        HttpUser.Response answer = c.user().postBody("/admin/accounts/new",
                form(email, "B".repeat(200_000), Long.toString(c.org()), "user") + "&_csrf=" + c.user().csrfToken());

        assertThat(answer.status()).isBetween(400, 499);
        assertNoTrace(answer);
        assertThat(accounts.findByEmail(email)).isEmpty();
        assertThat(accountCount()).isEqualTo(before);
    }

    @Test
    void inp01_searchWithOversizedMalformedOrHostileParametersAnswersClearly() {
        Console c = globalConsole();
        Account target = person(c.org(), Role.USER, "Sam Searchable");

        HttpUser.Response longQuery = c.user().get("/admin/accounts?q=" + "a".repeat(5_000));
        assertThat(longQuery.status()).isEqualTo(200);
        assertNoTrace(longQuery);

        for (String query : new String[] {"q=%25%5F%5C", "q=%00%01%02", "q=%F0%9F%92%A9", "q='%20OR%201=1--",
                "status=%3Cscript%3Ealert(1)%3C/script%3E", "mfa=%22%3E%3Csvg", "method=../../etc", "page=-5",
                "page=2147483647", "organisation=" + c.org()}) {
            HttpUser.Response page = c.user().get("/admin/accounts?" + query);
            assertThat(page.status()).as(query).isEqualTo(200);
            assertThat(page.body()).as(query).doesNotContain("<script>alert(1)").doesNotContain("\"><svg");
            assertNoTrace(page);
        }
        // Bytes that are not UTF-8 (an encoded surrogate, a lone continuation byte) are refused by the server.
        for (String query : new String[] {"page=99999999999", "q=%ED%A0%80", "q=%80", "page=abc", "organisation=abc", "organisation=99999999999999999999999"}) {
            HttpUser.Response page = c.user().get("/admin/accounts?" + query);
            assertThat(page.status()).as(query).isEqualTo(400);
            assertNoTrace(page);
        }
        assertThat(c.user().get("/admin/accounts?q=" + encode(target.displayName())).body()).contains(target.email());
    }

    @Test
    void inp01_malformedAccountPathsAndActionsAreRefusedAndChangeNothing() {
        Console c = globalConsole();
        Account target = person(c.org(), Role.USER, "Pat Target");

        for (String path : new String[] {"/admin/accounts/abc", "/admin/accounts/99999999999999999999999",
                "/admin/accounts/-1", "/admin/accounts/" + target.id() + "/actions/" + "x".repeat(2_000),
                "/admin/accounts/" + target.id() + "/actions/%3Cscript%3E", "/admin/accounts/abc/actions/disable"}) {
            HttpUser.Response page = c.user().get(path);
            assertThat(page.status()).as(path).isBetween(400, 499);
            assertThat(page.body()).as(path).doesNotContain("<script>");
            assertNoTrace(page);
        }
        c.user().get("/admin/accounts/" + target.id());
        HttpUser.Response act = c.user().post("/admin/accounts/" + target.id() + "/actions/%00disable", Map.of());
        assertThat(act.status()).isBetween(400, 499);
        assertNoTrace(act);
        assertThat(reload(target).status()).isEqualTo(target.status());
    }

    @Test
    void inp01_aCsvFileWithAnUnclosedQuoteInItsFirstLineIsRefusedWithAMessage() {
        Console c = globalConsole();
        c.user().get("/admin/accounts/import");
        long before = accountCount();

        HttpUser.Response report = c.user().postFile("/admin/accounts/import", "file", "accounts.csv",
                "\"email,display_name,organisation_code,role\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("The file is not valid CSV");
        assertNoTrace(report);
        assertThat(accountCount()).isEqualTo(before);
    }

    private static String form(String email, String displayName, String organisation, String role) {
        return "email=" + encode(email) + "&displayName=" + encode(displayName) + "&organisation=" + encode(organisation)
                + "&role=" + encode(role);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertNoTrace(HttpUser.Response response) {
        assertThat(response.status()).as(response.body()).isLessThan(500);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.portcullis")
                .doesNotContain("at org.springframework").doesNotContain("Whitelabel");
    }

    private long accountCount() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
    }
}
