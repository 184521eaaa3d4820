package dev.portcullis.selfservice.leaver;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nominate Myself as Leaver and the leavers and joiners queue over real HTTP, with the
 * application's clock moved by hand across the leaving date: nominating (and every refusal
 * changing nothing), the local administrator's email and queue, withdrawing, the date passing
 * (disabled, sessions ended), a joining organisation's claim (moved with its methods), and
 * administrators of other organisations kept out (ADM-01). The notification sender is off so
 * that queued emails keep their text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.notification.sending=false")
class LeaverIntegrationTests {

    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final String PASSWORD = "lantern-harbour-violet";
    private static final String ENROLL = "/account/security/factors/totp/enroll";
    private static final String CHALLENGE = "/signin/factor/totp";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([^<]+)<");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private AccountAdministration administration;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private Leavers leavers;

    @Autowired
    private MfaService mfa;

    @Autowired
    private JdbcClient jdbc;

    private Organisation leaving;
    private Organisation joining;
    private Organisation unrelated;
    private Account leaver;
    private Account leavingAdmin;
    private Account joiningAdmin;
    private Account unrelatedAdmin;

    /**
     * 10pm UK time, at or before the real time (sessions' creation times come from the real
     * clock, and must not look older than the absolute timeout), half-way into a TOTP step.
     */
    @BeforeEach
    void eveningAndThreeOrganisations() {
        clock.reset();
        ZonedDateTime now = clock.instant().atZone(UK);
        ZonedDateTime tenPm = now.toLocalDate().atTime(22, 0).atZone(UK);
        if (tenPm.isAfter(now)) {
            tenPm = tenPm.minusDays(1);
        }
        clock.set(tenPm.toInstant().plusSeconds(15));

        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase(Locale.ROOT);
        leaving = organisations.findOrCreate("LV" + unique, "Leaving Trust " + unique);
        joining = organisations.findOrCreate("JN" + unique, "Joining Trust " + unique);
        unrelated = organisations.findOrCreate("UN" + unique, "Unrelated Trust " + unique);
        leaver = account("Lesley Leaver", leaving, Role.USER);
        leavingAdmin = account("Alex Leavingadmin", leaving, Role.LOCAL_ADMIN);
        joiningAdmin = account("Jo Joiningadmin", joining, Role.LOCAL_ADMIN);
        unrelatedAdmin = account("Uma Unrelatedadmin", unrelated, Role.LOCAL_ADMIN);
    }

    @Test
    void nominateWithDateAndDestinationThenNominatedAdministratorEmailedAndQueueShowsIt() {
        HttpUser person = signedIn(leaver);
        LocalDate date = today().plusDays(14);

        Response done = nominate(person, date, String.valueOf(joining.id()), true);

        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).isEqualTo("/account/leaver");
        Response page = person.follow(done);
        assertThat(page.body()).contains("You are nominated as a leaver. Your local administrator has been told.")
                .contains(DATE.format(date)).contains(joining.name()).contains("id=\"withdraw-leaver\"");
        assertThat(status(leaver)).isEqualTo(AccountStatus.LEAVER_NOMINATED);
        Nomination nomination = leavers.open(leaver.id()).orElseThrow();
        assertThat(nomination.leavingDate()).isEqualTo(date);
        assertThat(nomination.destinationOrganisationId()).isEqualTo(joining.id());
        assertThat(nomination.fromOrganisationId()).isEqualTo(leaving.id());
        assertThat(nomination.claimed()).isFalse();

        List<Map<String, Object>> emails = queued("leaver-nominated");
        assertThat(emails).hasSize(1);
        Map<String, Object> email = emails.get(0);
        assertThat(email.get("account_id")).isEqualTo(leavingAdmin.id());
        assertThat(email.get("recipient")).isEqualTo(leavingAdmin.email());
        assertThat((String) email.get("subject")).contains("Lesley Leaver has nominated themselves as a leaver");
        assertThat((String) email.get("text_body")).contains("Hello Alex Leavingadmin").contains("Lesley Leaver")
                .contains(leaver.email()).contains("Leaving date: " + DATE.format(date))
                .contains("Moving to: " + joining.name());
        assertThat((String) email.get("html_body")).contains(DATE.format(date)).contains(joining.name());
        assertThat(auditCount("leaver.nominated", leaver.id())).isEqualTo(1);

        Response queue = signedIn(leavingAdmin).get("/admin/leavers");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(section(queue.body(), "leaving")).contains("Lesley Leaver").contains(leaver.email())
                .contains(DATE.format(date)).contains(joining.name());

        Response joiners = signedIn(joiningAdmin).get("/admin/leavers");
        assertThat(section(joiners.body(), "joining")).contains("Lesley Leaver").contains(leaving.name())
                .contains("/admin/leavers/" + nomination.id() + "/claim");
    }

    @Test
    void nominateWithoutDestinationThenNotGivenAndNoJoiningOrganisationSeesIt() {
        HttpUser person = signedIn(leaver);

        Response done = nominate(person, today(), "", true);

        assertThat(done.status()).isEqualTo(302);
        assertThat(leavers.open(leaver.id()).orElseThrow().destinationOrganisationId()).isNull();
        assertThat((String) queued("leaver-nominated").get(0).get("text_body")).contains("Moving to: not given");
        assertThat(signedIn(joiningAdmin).get("/admin/leavers").body()).doesNotContain("Lesley Leaver");
    }

    @Test
    void inp01_badInputRefusedWithClearMessageAndNothingChanged() {
        HttpUser person = signedIn(leaver);
        LocalDate soon = today().plusDays(10);
        String destination = String.valueOf(joining.id());

        assertRefused(nominate(person, soon, destination, false),
                "acceptTerms", "Confirm that you understand the terms and conditions");
        assertRefused(nominate(person, today().minusDays(1), destination, true),
                "leavingDate-day", "Leaving date must be today or within the next year");
        assertRefused(nominate(person, today().plusYears(1).plusDays(1), destination, true),
                "leavingDate-day", "Leaving date must be today or within the next year");
        assertRefused(nominate(person, soon, "987654321", true),
                "destination", "Choose the organisation you are moving to, or none");
        assertRefused(nominate(person, soon, "not-a-number", true),
                "destination", "Choose the organisation you are moving to, or none");
        assertRefused(nominate(person, soon, String.valueOf(leaving.id()), true),
                "destination", "Choose the organisation you are moving to, or none");
        assertRefused(post(person, Map.of("day", "31", "month", "2", "year", String.valueOf(soon.getYear()),
                        "destination", "", "acceptTerms", "yes")),
                "leavingDate-day", "Enter a real leaving date, for example 31 3 2027");
        assertRefused(post(person, Map.of("day", "", "month", "", "year", "", "destination", "", "acceptTerms", "yes")),
                "leavingDate-day", "Enter a real leaving date, for example 31 3 2027");

        Response kept = nominate(person, soon, "987654321", true);
        assertThat(kept.body()).as("what was typed is kept").contains("value=\"" + soon.getDayOfMonth() + "\"")
                .contains("value=\"" + soon.getYear() + "\"");
        assertThat(status(leaver)).isEqualTo(AccountStatus.ACTIVE);
        assertThat(leavers.open(leaver.id())).isEmpty();
        assertThat(nominationRows(leaver)).isZero();
        assertThat(queued("leaver-nominated")).isEmpty();
        assertThat(auditCount("leaver.nominated", leaver.id())).isZero();
    }

    @Test
    void withdrawBeforeTheDateThenActiveAgainOffTheQueueAndNotDisabledOnTheDate() {
        HttpUser person = signedIn(leaver);
        nominate(person, today().plusDays(1), String.valueOf(joining.id()), true);
        person.get("/account/leaver");

        Response withdrawn = person.post("/account/leaver/withdraw", Map.of());

        assertThat(withdrawn.location()).isEqualTo("/account/self-service");
        assertThat(person.follow(withdrawn).body()).contains("Your leaver nomination has been withdrawn.");
        assertThat(status(leaver)).isEqualTo(AccountStatus.ACTIVE);
        assertThat(leavers.open(leaver.id())).isEmpty();
        assertThat(outcome(leaver)).isEqualTo("withdrawn");
        assertThat(signedIn(leavingAdmin).get("/admin/leavers").body()).doesNotContain("Lesley Leaver");
        assertThat(signedIn(joiningAdmin).get("/admin/leavers").body()).doesNotContain("Lesley Leaver");
        assertThat(person.get("/account/leaver").body()).contains("id=\"nominate-leaver\"");

        clock.advance(Duration.ofDays(2));
        leavers.processDue();

        assertThat(status(leaver)).isEqualTo(AccountStatus.ACTIVE);
        assertThat(outcome(leaver)).isEqualTo("withdrawn");
    }

    @Test
    void withdrawOnceTheDateHasComeThenRefusedAndStillDisabled() {
        HttpUser person = signedIn(leaver);
        nominate(person, today().plusDays(1), "", true);
        clock.advance(Duration.ofHours(3)); // 1am on the leaving date; the hourly job has not run yet
        Response page = person.get("/account/leaver");
        assertThat(page.body()).contains("id=\"not-withdrawable\"").doesNotContain("id=\"withdraw-leaver\"");

        Response refused = person.post("/account/leaver/withdraw", Map.of());

        assertThat(person.follow(refused).body()).contains("Your leaving date has come");
        assertThat(status(leaver)).isEqualTo(AccountStatus.LEAVER_NOMINATED);
        assertThat(leavers.open(leaver.id())).isPresent();
        leavers.processDue();
        assertThat(status(leaver)).isEqualTo(AccountStatus.DISABLED);
    }

    @Test
    void ses03_datePassesUnclaimedThenDisabledAndSessionsEnded() {
        HttpUser person = signedIn(leaver);
        nominate(person, today().plusDays(1), String.valueOf(joining.id()), true);
        assertThat(person.get("/account/leaver").status()).isEqualTo(200);

        clock.advance(Duration.ofHours(1)); // 11pm, the day before
        leavers.processDue();
        assertThat(status(leaver)).isEqualTo(AccountStatus.LEAVER_NOMINATED);
        assertThat(person.get("/account/leaver").status()).isEqualTo(200);

        clock.advance(Duration.ofHours(2)); // 1am on the leaving date
        leavers.processDue();

        assertThat(status(leaver)).isEqualTo(AccountStatus.DISABLED);
        assertThat(outcome(leaver)).isEqualTo("disabled");
        assertThat(sessionRows(leaver)).isZero();
        Response after = person.get("/account/leaver");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).startsWith("/signin");
        Response again = new HttpUser(port).signIn(leaver.email(), PASSWORD);
        assertThat(again.location()).as("a disabled account cannot sign in").startsWith("/signin");
        assertThat(accounts.findById(leaver.id()).orElseThrow().organisationId()).isEqualTo(leaving.id());
        assertThat(signedIn(leavingAdmin).get("/admin/leavers").body()).doesNotContain("Lesley Leaver");

        leavers.processDue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'account.status.changed' AND subject_account_id = :id")
                .param("id", leaver.id()).query(Long.class).single()).as("processed once").isEqualTo(2);
    }

    @Test
    void joiningAdministratorClaimsThenOnTheDateMovesKeepingItsMethods() {
        String key = enrolAuthenticatorApp(leaver);
        clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
        HttpUser person = fullySignedIn(leaver, key);
        nominate(person, today().plusDays(1), String.valueOf(joining.id()), true);
        long nominationId = leavers.open(leaver.id()).orElseThrow().id();
        List<EnrolledFactor> methodsBefore = mfa.enrolled(leaver.id());
        assertThat(methodsBefore).extracting(EnrolledFactor::type).contains("totp");

        // Claiming is an administrator's change: it needs their own second factor (ADM-02).
        String adminKey = enrolAuthenticatorApp(joiningAdmin);
        clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
        HttpUser admin = fullySignedIn(joiningAdmin, adminKey);
        admin.get("/admin/leavers");
        Response claimed = admin.post("/admin/leavers/" + nominationId + "/claim", Map.of());

        assertThat(claimed.location()).isEqualTo("/admin/leavers");
        String afterClaim = admin.follow(claimed).body();
        assertThat(afterClaim).contains("Claimed: the account will move to your organisation on the leaving date.");
        assertThat(section(afterClaim, "joining")).contains("Claimed")
                .doesNotContain("/admin/leavers/" + nominationId + "/claim");
        assertThat(leavers.find(nominationId).orElseThrow().claimedBy()).isEqualTo(joiningAdmin.id());
        assertThat(person.get("/account/leaver").body()).contains("Kept by the new organisation").contains(">Yes<");

        clock.advance(Duration.ofHours(3));
        leavers.processDue();

        Account moved = accounts.findById(leaver.id()).orElseThrow();
        assertThat(moved.organisationId()).isEqualTo(joining.id());
        assertThat(moved.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(outcome(leaver)).isEqualTo("moved");
        assertThat(mfa.enrolled(leaver.id())).isEqualTo(methodsBefore);
        clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
        assertThat(fullySignedIn(joiningAdmin, adminKey).get("/admin/leavers").body()).doesNotContain("Lesley Leaver");
        clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
        HttpUser again = fullySignedIn(leaver, key);
        assertThat(again.get("/account/profile").body()).contains(joining.name());
    }

    @Test
    void ses03_movedLocalAdministratorKeepsNoAdministratorRightsAndOldSessionsEnd() {
        HttpUser person = signedIn(leavingAdmin);
        nominate(person, today().plusDays(1), String.valueOf(joining.id()), true);
        long nominationId = leavers.open(leavingAdmin.id()).orElseThrow().id();
        String adminKey = enrolAuthenticatorApp(joiningAdmin);
        clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
        HttpUser admin = fullySignedIn(joiningAdmin, adminKey);
        admin.get("/admin/leavers");
        assertThat(admin.post("/admin/leavers/" + nominationId + "/claim", Map.of()).location()).isEqualTo("/admin/leavers");
        assertThat(person.get("/admin/leavers").status()).isEqualTo(200);

        clock.advance(Duration.ofHours(3));
        leavers.processDue();

        Account moved = accounts.findById(leavingAdmin.id()).orElseThrow();
        assertThat(moved.organisationId()).isEqualTo(joining.id());
        assertThat(moved.role()).as("administrator of the organisation left, not of the one joined").isEqualTo(Role.USER);
        Response old = person.get("/admin/leavers");
        assertThat(old.status()).as("the session still naming the old organisation has ended").isEqualTo(302);
        assertThat(old.location()).startsWith("/signin");
        assertThat(sessionRows(leavingAdmin)).isZero();
        HttpUser fresh = signedIn(moved);
        assertThat(fresh.get("/admin/leavers").status()).isEqualTo(403);
    }

    @Test
    void accountDisabledByAdministratorStaysDisabledWhenItMoves() {
        HttpUser person = signedIn(leaver);
        nominate(person, today().plusDays(1), String.valueOf(joining.id()), true);
        long nominationId = leavers.open(leaver.id()).orElseThrow().id();
        assertThat(leavers.claim(nominationId, joiningAdmin.id())).isTrue();
        administration.setStatus(leaver.id(), AccountStatus.DISABLED, leavingAdmin.id(), "administrator");

        clock.advance(Duration.ofHours(3));
        leavers.processDue();

        Account moved = accounts.findById(leaver.id()).orElseThrow();
        assertThat(moved.organisationId()).isEqualTo(joining.id());
        assertThat(moved.status()).as("leaving does not undo an administrator's decision").isEqualTo(AccountStatus.DISABLED);
    }

    @Test
    void withdrawingDoesNotEnableAnAccountAnAdministratorDisabled() {
        nominate(signedIn(leaver), today().plusDays(3), "", true);
        administration.setStatus(leaver.id(), AccountStatus.DISABLED, leavingAdmin.id(), "administrator");

        assertThat(leavers.withdraw(leaver.id())).isTrue();

        assertThat(status(leaver)).isEqualTo(AccountStatus.DISABLED);
    }

    @Test
    void adm01_administratorOfAnUnrelatedOrganisationCannotSeeOrClaim() {
        nominate(signedIn(leaver), today().plusDays(5), String.valueOf(joining.id()), true);
        long nominationId = leavers.open(leaver.id()).orElseThrow().id();

        HttpUser outsider = signedIn(unrelatedAdmin);
        Response queue = outsider.get("/admin/leavers");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.body()).doesNotContain("Lesley Leaver").doesNotContain(leaver.email())
                .doesNotContain("/admin/leavers/" + nominationId + "/claim");

        Response claim = outsider.post("/admin/leavers/" + nominationId + "/claim", Map.of());
        assertThat(claim.status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'admin.refused.scope' AND actor_account_id = :id")
                .param("id", unrelatedAdmin.id()).query(Long.class).single()).isEqualTo(1);

        HttpUser leavingSide = signedIn(leavingAdmin);
        leavingSide.get("/admin/leavers");
        assertThat(leavingSide.post("/admin/leavers/" + nominationId + "/claim", Map.of()).status())
                .as("the organisation being left cannot claim for the one being joined").isEqualTo(403);
        assertThat(outsider.post("/admin/leavers/987654321/claim", Map.of()).status()).isEqualTo(403);

        HttpUser colleague = signedIn(account("Pat Colleague", joining, Role.USER));
        assertThat(colleague.get("/admin/leavers").status()).isEqualTo(403);

        assertThat(leavers.find(nominationId).orElseThrow().claimed()).isFalse();
        clock.advance(Duration.ofDays(6));
        leavers.processDue();
        Account after = accounts.findById(leaver.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(AccountStatus.DISABLED);
        assertThat(after.organisationId()).isEqualTo(leaving.id());
    }

    @Test
    void mfa04_nominateWithoutCsrfTokenRefused() {
        HttpUser person = signedIn(leaver);
        LocalDate date = today().plusDays(3);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("day", String.valueOf(date.getDayOfMonth()));
        form.put("month", String.valueOf(date.getMonthValue()));
        form.put("year", String.valueOf(date.getYear()));
        form.put("acceptTerms", "yes");

        assertThat(person.postRaw("/account/leaver", form).status()).isEqualTo(403);
        assertThat(nominationRows(leaver)).isZero();
    }

    // --- helpers ---

    private LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    private Account account(String name, Organisation organisation, Role role) {
        String email = name.toLowerCase(Locale.ROOT).replace(' ', '.') + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        return accounts.create(new NewAccount(email, name, organisation.id(), role, PASSWORD.toCharArray()), "test", null);
    }

    private HttpUser signedIn(Account account) {
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(account.email(), PASSWORD).location()).isEqualTo("/");
        return user;
    }

    private String enrolAuthenticatorApp(Account account) {
        HttpUser user = signedIn(account);
        Matcher secret = SECRET.matcher(user.get(ENROLL).body());
        assertThat(secret.find()).isTrue();
        String key = secret.group(1).strip();
        Response done = user.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        return key;
    }

    private HttpUser fullySignedIn(Account account, String key) {
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(account.email(), PASSWORD).location()).isEqualTo("/signin/factor");
        user.get(CHALLENGE);
        Response proven = user.post(CHALLENGE, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        assertThat(proven.location()).isIn("/", "/?continue");
        return user;
    }

    private Response nominate(HttpUser user, LocalDate date, String destination, boolean acceptTerms) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("day", String.valueOf(date.getDayOfMonth()));
        form.put("month", String.valueOf(date.getMonthValue()));
        form.put("year", String.valueOf(date.getYear()));
        form.put("destination", destination);
        if (acceptTerms) {
            form.put("acceptTerms", "yes");
        }
        return post(user, form);
    }

    private Response post(HttpUser user, Map<String, String> form) {
        assertThat(user.get("/account/leaver").status()).isEqualTo(200);
        return user.post("/account/leaver", form);
    }

    private void assertRefused(Response response, String field, String message) {
        assertThat(response.status()).as(message).isEqualTo(200);
        assertThat(response.body()).contains("There is a problem")
                .contains("<a href=\"#" + field + "\">" + message + "</a>")
                .contains("id=\"nominate-leaver\"");
    }

    private AccountStatus status(Account account) {
        return accounts.findById(account.id()).orElseThrow().status();
    }

    private String outcome(Account account) {
        return jdbc.sql("SELECT outcome FROM leaver_nomination WHERE account_id = :id ORDER BY id DESC")
                .param("id", account.id()).query(String.class).list().get(0);
    }

    private long nominationRows(Account account) {
        return jdbc.sql("SELECT COUNT(*) FROM leaver_nomination WHERE account_id = :id")
                .param("id", account.id()).query(Long.class).single();
    }

    private long sessionRows(Account account) {
        return jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = :name")
                .param("name", Long.toString(account.id())).query(Long.class).single();
    }

    private long auditCount(String type, long subject) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = :type AND subject_account_id = :id")
                .param("type", type).param("id", subject).query(Long.class).single();
    }

    /** Emails with that template for the accounts of this test's organisations. */
    private List<Map<String, Object>> queued(String template) {
        return jdbc.sql("""
                SELECT q.account_id, q.recipient, q.subject, q.text_body, q.html_body FROM notification_queue q
                JOIN account a ON a.id = q.account_id
                WHERE q.template = :t AND a.organisation_id IN (:orgs) ORDER BY q.id
                """)
                .param("t", template).param("orgs", List.of(leaving.id(), joining.id(), unrelated.id()))
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("account_id", rs.getLong(1));
                    row.put("recipient", rs.getString(2));
                    row.put("subject", rs.getString(3));
                    row.put("text_body", rs.getString(4));
                    row.put("html_body", rs.getString(5));
                    return row;
                }).list();
    }

    /** The table with that id on a page, or fails. */
    private static String section(String body, String id) {
        int start = body.indexOf("id=\"" + id + "\"");
        assertThat(start).as("table #" + id).isGreaterThanOrEqualTo(0);
        int end = body.indexOf("</table>", start);
        return body.substring(start, end);
    }
}
