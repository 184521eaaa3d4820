package dev.portcullis.help;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeding back over HTTP: a message is stored as typed, shown to the global administrators only
 * as encoded text and exported with formula cells neutralised (INP-04), limited per account, and
 * anything wrong or oversized in the form gets a clear message and changes nothing (INP-01).
 * Local administrators and plain users get a 403 on the list and the export (ADM-01). The Help
 * pages are open to people who are not signed in; the form is not.
 */
class FeedbackIntegrationTests extends AdminConsoleTestBase {

    private static Map<String, String> form(String topic, String message, String contact) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("topic", topic);
        fields.put("message", message);
        fields.put("contact", contact);
        return fields;
    }

    private HttpUser.Response send(HttpUser user, String topic, String message, String contact) {
        assertThat(user.get("/help/feedback").status()).isEqualTo(200);
        return user.post("/help/feedback", form(topic, message, contact));
    }

    private long storedFor(Account account) {
        return jdbc.sql("SELECT COUNT(*) FROM feedback WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single();
    }

    private HttpUser globalAdmin() {
        Account global = person(organisation("Global Trust"), Role.GLOBAL_ADMIN, "Gwen Global");
        return signedInWithApp(global, enrolApp(global));
    }

    @Test
    void inp04_feedbackIsStoredAsTypedAndListedEncoded() {
        Account nurse = person(organisation("Ash Trust"), Role.USER, "Nina Nurse");
        HttpUser user = signedIn(nurse);
        String marker = unique();
        String message = "<script>alert(1)</script> " + marker;

        HttpUser.Response sent = send(user, "signing-in", message, "reply." + marker + "@example.nhs.uk");
        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        assertThat(sent.location()).isEqualTo("/help/feedback/sent");
        assertThat(user.follow(sent).body()).contains("Feedback sent");

        var row = jdbc.sql("SELECT topic, message, contact_email FROM feedback WHERE account_id = :a")
                .param("a", nurse.id()).query().singleRow();
        assertThat(row.get("topic")).isEqualTo("signing-in");
        assertThat(row.get("message")).isEqualTo(message);
        assertThat(row.get("contact_email")).isEqualTo("reply." + marker + "@example.nhs.uk");

        String page = globalAdmin().get("/admin/feedback").body();
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; " + marker)
                .doesNotContain("<script>alert(1)")
                .contains("Nina Nurse").contains(nurse.email()).contains("Signing in");
        // Newest first: a later message is listed above the earlier one.
        String later = "Second thought " + unique();
        user.get("/");
        assertThat(send(user, "other", later, "").status()).isEqualTo(302);
        String again = globalAdmin().get("/admin/feedback").body();
        assertThat(again.indexOf(later)).isPositive().isLessThan(again.indexOf(marker));
    }

    @Test
    void inp04_csvExportNeutralisesFormulaCells() {
        Account nurse = person(organisation("Beech Trust"), Role.USER, "Fern Formula");
        HttpUser user = signedIn(nurse);
        String marker = unique();
        String message = "=HYPERLINK(\"http://evil.example/" + marker + "\",\"Click me\")";
        assertThat(send(user, "other", message, "").status()).isEqualTo(302);

        HttpUser.Response csv = globalAdmin().get("/admin/feedback.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("time,account,topic,contact_email,message\r\n")
                .contains("\"'=HYPERLINK(\"\"http://evil.example/" + marker + "\"\",\"\"Click me\"\")\"")
                .doesNotContain(",\"=HYPERLINK")
                .contains(nurse.email());
    }

    @Test
    void feedbackIsLimitedPerAccountAndTheLimitPasses() {
        Account nurse = person(organisation("Cherry Trust"), Role.USER, "Rita Repeat");
        Account other = person(organisation("Cherry Trust"), Role.USER, "Olly Other");
        HttpUser user = signedIn(nurse);
        for (int i = 1; i <= 5; i++) {
            assertThat(send(user, "other", "Message " + i, "").status()).as("message " + i).isEqualTo(302);
        }
        HttpUser.Response refused = send(user, "other", "One too many", "");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("You have sent a lot of feedback recently").contains("nhsuk-error-summary")
                .contains("One too many");
        assertThat(storedFor(nurse)).isEqualTo(5);

        // The allowance is per account: someone else is not held back.
        assertThat(send(signedIn(other), "other", "Mine", "").status()).isEqualTo(302);

        // An hour later there is room again.
        clock.advance(Duration.ofMinutes(61));
        HttpUser later = signedIn(nurse);
        assertThat(send(later, "other", "Later on", "").status()).isEqualTo(302);
        assertThat(storedFor(nurse)).isEqualTo(6);
    }

    @Test
    void inp01_badInputGetsAnErrorSummaryAndChangesNothing() {
        Account nurse = person(organisation("Damson Trust"), Role.USER, "Bea Bad");
        HttpUser user = signedIn(nurse);
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("no topic", new String[] {"", "Hello", "", "Select what your feedback is about"});
        cases.put("unknown topic", new String[] {"<b>x</b>", "Hello", "", "Select what your feedback is about"});
        cases.put("no message", new String[] {"other", "   \n ", "", "Enter your feedback"});
        cases.put("too long", new String[] {"other", "x".repeat(Feedback.MAX_MESSAGE + 1), "",
                "Your feedback must be 2,000 characters or fewer"});
        cases.put("bad contact", new String[] {"other", "Hello", "not an address", "Enter an email address in the correct format"});
        cases.put("markup contact", new String[] {"other", "Hello", "<script>@x", "Enter an email address in the correct format"});
        cases.forEach((name, c) -> {
            HttpUser.Response response = send(user, c[0], c[1], c[2]);
            assertThat(response.status()).as(name).isEqualTo(200);
            assertThat(response.body()).as(name).contains("There is a problem").contains(c[3])
                    .contains("nhsuk-error-summary").doesNotContain("<b>x</b>").doesNotContain("<script>@x");
        });
        // A missing field is a problem too, not an error page.
        user.get("/help/feedback");
        HttpUser.Response missing = user.post("/help/feedback", Map.of("topic", "other"));
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.body()).contains("Enter your feedback");
        assertThat(storedFor(nurse)).isZero();

        // Exactly the limit is fine.
        assertThat(send(user, "other", "y".repeat(Feedback.MAX_MESSAGE), "").status()).isEqualTo(302);
        assertThat(storedFor(nurse)).isEqualTo(1);
    }

    @Test
    void adm01_onlyGlobalAdministratorsSeeFeedback() {
        long org = organisation("Elm Trust");
        Account local = person(org, Role.LOCAL_ADMIN, "Lou Local");
        HttpUser localAdmin = signedInWithApp(local, enrolApp(local));
        Account nurse = person(org, Role.USER, "Pat Plain");
        HttpUser user = signedIn(nurse);
        String marker = "Elm " + unique();
        assertThat(send(user, "other", marker, "").status()).isEqualTo(302);

        for (String path : new String[] {"/admin/feedback", "/admin/feedback.csv"}) {
            HttpUser.Response refused = localAdmin.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).doesNotContain(marker);
            assertThat(user.get(path).status()).as(path).isEqualTo(403);
        }
        assertThat(auditCount("admin.refused.scope", local.id())).isEqualTo(2);
        assertThat(localAdmin.get("/admin").body()).doesNotContain("/admin/feedback");
        HttpUser global = globalAdmin();
        assertThat(global.get("/admin").body()).contains("href=\"/admin/feedback\"");
        assertThat(global.get("/admin/feedback").body()).contains(marker);
    }

    @Test
    void helpIsOpenToEveryoneButFeedbackNeedsAnAccount() {
        HttpUser visitor = new HttpUser(port);
        for (String path : new String[] {"/help", "/help/authenticator-app", "/help/text-message", "/help/phone-call",
                "/help/security-key", "/help/recovery-codes", "/help/cannot-sign-in"}) {
            HttpUser.Response page = visitor.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("nhsuk-heading-l");
        }
        assertThat(visitor.get("/help/cannot-sign-in").body()).contains("href=\"/signin/reset\"");
        assertThat(visitor.get("/help/nothing-here").status()).isIn(302, 404);
        HttpUser.Response form = visitor.get("/help/feedback");
        assertThat(form.status()).isEqualTo(302);
        assertThat(form.location()).endsWith("/signin");
        visitor.get("/signin");
        HttpUser.Response post = visitor.post("/help/feedback", form("other", "anonymous", ""));
        assertThat(post.status()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM feedback WHERE message = 'anonymous'").query(Long.class).single()).isZero();
    }
}
