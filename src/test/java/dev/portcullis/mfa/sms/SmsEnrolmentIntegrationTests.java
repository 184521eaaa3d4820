package dev.portcullis.mfa.sms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.SmsGateway;
import dev.portcullis.messaging.outbox.Outbox;
import dev.portcullis.messaging.outbox.OutboxMessage;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text message factor over real HTTP: enrolment proves the number, sign-in asks for a code,
 * a failing gateway gives a clear message and another method and never a skipped factor, no
 * code goes out without a password step, a code belongs to its own sign-in, changing the number
 * needs a recent second factor and tells the old number (SECURITY.md OOB-01, 02, 04, 06, 07,
 * MFA-04, MFA-05).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.mfa.onetimecode.per-source-per-hour=1000")
class SmsEnrolmentIntegrationTests {

    static final String ENROLL = "/account/security/factors/sms/enroll";
    static final String CHALLENGE = "/signin/factor/sms";
    static final String NOT_SENT = "We could not send a text message just now. Try again in a few minutes or use another method.";

    /** The outbox, unless the test switches the gateway to failing. */
    static final class SwitchableSmsGateway implements SmsGateway {

        private final SmsGateway outbox;
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean failing;

        SwitchableSmsGateway(SmsGateway outbox) {
            this.outbox = outbox;
        }

        @Override
        public void sendSms(String e164, String text) {
            calls.incrementAndGet();
            if (failing) {
                throw MessageDeliveryException.retryable("test gateway answered HTTP 503", null);
            }
            outbox.sendSms(e164, text);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Fakes {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }

        @Bean
        @Primary
        SwitchableSmsGateway switchableSmsGateway(@Qualifier("outboxGateways") SmsGateway outbox) {
            return new SwitchableSmsGateway(outbox);
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private SwitchableSmsGateway gateway;

    @Autowired
    private MutableClock clock;

    @Autowired
    private Outbox outbox;

    @Autowired
    private MfaService mfa;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    private String email;
    private String password;
    private long accountId;

    @BeforeEach
    void newPerson() {
        clock.reset();
        gateway.failing = false;
        gateway.calls.set(0);
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        email = "nurse." + unique + "@riverside.example";
        password = "harbour-lantern-" + unique;
        long organisation = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        accountId = accounts.create(new NewAccount(email, "Mary Seacole", organisation, Role.USER, password.toCharArray()),
                "test", null).id();
    }

    @Test
    void enrolWhenTheCodeFromTheTextIsTypedThenTextMessageIsActiveAndSignInAsksForIt() {
        HttpUser user = signedIn();
        String number = uniqueNumber();

        Response form = user.get(ENROLL);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Enter your mobile phone number").contains("id=\"phone\"");

        Response sent = user.post(ENROLL, Map.of("phone", national(number)));
        assertThat(sent.location()).isEqualTo(ENROLL + "/confirm");
        Response confirm = user.get(sent.location());
        assertThat(confirm.body()).contains("We have sent a code to").contains(number.substring(number.length() - 3));
        assertThat(mfa.enabled(accountId)).as("not active before the code").isFalse();

        Response done = user.post(ENROLL + "/confirm", Map.of("code", latestCode(number)));

        assertThat(done.status()).as("%s", done.body()).isEqualTo(302);
        assertThat(done.location()).doesNotContain(ENROLL);
        assertThat(mfa.enabled(accountId)).isTrue();
        assertThat(phone()).isEqualTo(number);
        assertThat(audit("mfa.factor.enrolled")).anyMatch(d -> d.contains("type=sms"));
        assertThat(user.get("/account/self-service").body()).contains("MFA Status: Enabled");

        user.signOut();
        Response challenge = followAll(user, user.signIn(email, password));
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body()).contains("We have sent a code to").contains("id=\"code\"");
        assertThat(user.get("/").status()).as("not signed in yet").isNotEqualTo(200);

        Response in = user.post(CHALLENGE, Map.of("code", latestCode(number)));

        assertThat(in.status()).isEqualTo(302);
        assertThat(in.location()).doesNotStartWith("/signin");
        assertThat(user.get("/").body()).contains("Mary Seacole");
        assertThat(audit("signin.factor.succeeded")).anyMatch(d -> d.contains("factor=sms"));
    }

    @Test
    void oob04_enrolWhenTheNumberIsALandlineOrNothingThenClearMessageAndNothingSent() {
        HttpUser user = signedIn();
        user.get(ENROLL);

        Response landline = user.post(ENROLL, Map.of("phone", "020 7946 0123"));
        assertThat(landline.status()).isEqualTo(200);
        assertThat(landline.body()).contains("You cannot get text messages on a landline.")
                .contains("id=\"phone-error\"").contains("href=\"#phone\"").contains("value=\"020 7946 0123\"");

        Response empty = user.post(ENROLL, Map.of("phone", ""));
        assertThat(empty.body()).contains("Enter a mobile phone number, like 07700 900 982");

        Response huge = user.post(ENROLL, Map.of("phone", "0".repeat(5000)));
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.body()).contains("Enter a mobile phone number");

        assertThat(gateway.calls).hasValue(0);
        assertThat(mfa.enabled(accountId)).isFalse();
    }

    @Test
    void enrolWhenTheCodeIsWrongThenSaidPlainlyAndNotActive() {
        HttpUser user = signedIn();
        String number = uniqueNumber();
        user.get(ENROLL);
        user.follow(user.post(ENROLL, Map.of("phone", national(number))));
        String code = latestCode(number);

        Response wrong = user.post(ENROLL + "/confirm", Map.of("code", wrong(code)));
        Response malformed = user.post(ENROLL + "/confirm", Map.of("code", "12x"));

        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("The security code is not correct. Check it and try again.").contains("href=\"#code\"");
        assertThat(malformed.body()).contains("The security code must be 6 numbers");
        assertThat(mfa.enabled(accountId)).isFalse();
        assertThat(audit("mfa.code.rejected")).anyMatch(d -> d.contains("purpose=enroll") && d.contains("reason=wrong"))
                .noneMatch(d -> d.contains(code));
        assertThat(user.post(ENROLL + "/confirm", Map.of("code", code)).status()).isEqualTo(302);
    }

    @Test
    void mfa06_enrolWhenTheNumberFormIsSentTwiceThenOneCodeIsSentAndItWorks() {
        HttpUser user = signedIn();
        String number = uniqueNumber();
        user.get(ENROLL);

        Response first = user.post(ENROLL, Map.of("phone", national(number)));
        Response second = user.post(ENROLL, Map.of("phone", number));

        assertThat(first.location()).isEqualTo(ENROLL + "/confirm");
        assertThat(second.location()).isEqualTo(ENROLL + "/confirm");
        assertThat(textsTo(number)).isEqualTo(1);
        user.get(ENROLL + "/confirm");
        assertThat(user.post(ENROLL + "/confirm", Map.of("code", latestCode(number))).status()).isEqualTo(302);
        assertThat(phone()).isEqualTo(number);
    }

    @Test
    void mfa04_enrolmentWithoutTheCsrfTokenIsRefused() {
        HttpUser user = signedIn();

        Response forged = user.postRaw(ENROLL, Map.of("phone", "07700 900 300"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(gateway.calls).hasValue(0);
    }

    @Test
    void oob04_noCodeIsSentWithoutAPasswordStep() {
        HttpUser stranger = new HttpUser(port);
        // Text messages only: emails queued by earlier tests may reach the outbox meanwhile.
        long before = textMessages();

        Response challenge = stranger.get(CHALLENGE);
        Response enrol = stranger.get(ENROLL);
        stranger.get("/signin");
        Response resend = stranger.post(CHALLENGE + "/resend", Map.of());

        assertThat(challenge.status()).isEqualTo(302);
        assertThat(challenge.location()).startsWith("/signin");
        assertThat(enrol.status()).isEqualTo(302);
        assertThat(resend.status()).isIn(302, 403);
        assertThat(gateway.calls).hasValue(0);
        assertThat(textMessages()).isEqualTo(before);
    }

    private long textMessages() {
        return outbox.newestFirst(500).stream().filter(m -> "sms".equals(m.channel())).count();
    }

    @Test
    void oob07_gatewayDownWhileEnrollingThenClearMessageNoMethodAndAnotherOffered() {
        HttpUser user = signedIn();
        user.get(ENROLL);
        gateway.failing = true;

        Response failed = user.post(ENROLL, Map.of("phone", national(uniqueNumber())));

        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body()).contains(NOT_SENT).contains("href=\"/account/security/enroll\"").contains("Choose another method");
        assertThat(gateway.calls).as("one attempt, no retry").hasValue(1);
        assertThat(mfa.enabled(accountId)).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_sms WHERE account_id = :a").param("a", accountId)
                .query(Integer.class).single()).isZero();
        assertThat(audit("mfa.code.undelivered")).anyMatch(d -> d.contains("retryable=true") && d.contains("purpose=enroll"));
    }

    @Test
    void oob07_gatewayDownAtSignInThenAnotherMethodOfferedNothingRetriedAndNoWayIn() {
        String number = enrolled();
        HttpUser user = new HttpUser(port);
        gateway.failing = true;
        int callsBefore = gateway.calls.get();
        long textsBefore = textsTo(number);

        Response page = followAll(user, user.signIn(email, password));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(NOT_SENT).contains("href=\"/signin/factor/choose?unavailable\"");
        assertThat(gateway.calls.get()).isEqualTo(callsBefore + 1);
        Response again = user.get(CHALLENGE);
        assertThat(again.body()).as("opening the page again does not send again").contains(NOT_SENT);
        assertThat(gateway.calls.get()).isEqualTo(callsBefore + 1);
        assertThat(user.get("/").status()).as("never a skipped factor").isNotEqualTo(200);
        assertThat(user.get("/account/self-service").status()).isNotEqualTo(200);
        assertThat(user.get("/signin/factor/choose?unavailable").body()).contains("That method is not working right now");
        assertThat(textsTo(number)).as("nothing reached the outbox").isEqualTo(textsBefore);
        assertThat(audit("mfa.code.undelivered")).anyMatch(d -> d.contains("purpose=signin"));
    }

    @Test
    void oob01_aCodeWorksOnlyInTheSignInItWasSentFor() {
        String number = enrolled();
        HttpUser mine = new HttpUser(port);
        followAll(mine, mine.signIn(email, password));
        String code = latestCode(number);
        HttpUser other = new HttpUser(port);
        other.signIn(email, password);
        other.get("/signin/factor/choose");

        Response elsewhere = other.post(CHALLENGE, Map.of("code", code));

        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.body()).contains("This code can no longer be used. Ask for a new code.");
        assertThat(other.get("/").status()).isNotEqualTo(200);
        assertThat(mine.post(CHALLENGE, Map.of("code", code)).location()).isEqualTo("/");
        assertThat(mine.post(CHALLENGE, Map.of("code", code)).status()).as("used once").isNotEqualTo(302);
    }

    @Test
    void oob02_wrongCodesPauseTheFactorAndResendingDoesNotHelp() {
        String number = enrolled();
        HttpUser user = new HttpUser(port);
        followAll(user, user.signIn(email, password));
        String code = latestCode(number);
        Response last = null;
        for (int i = 0; i < 5; i++) {
            last = user.post(CHALLENGE, Map.of("code", wrong(code)));
        }
        assertThat(last.body()).contains("You have entered the wrong code too many times. Try again in 1 minute");
        int calls = gateway.calls.get();
        clock.advance(Duration.ofSeconds(30));

        Response resend = user.post(CHALLENGE + "/resend", Map.of());
        Response right = user.post(CHALLENGE, Map.of("code", code));

        assertThat(resend.body()).contains("You have entered the wrong code too many times");
        assertThat(gateway.calls.get()).as("no code is sent while paused").isEqualTo(calls);
        assertThat(right.status()).isEqualTo(200);
        assertThat(user.get("/").status()).isNotEqualTo(200);
    }

    @Test
    void oob05_resendWithinAMinuteSaysWhenAndSendsNothing() {
        String number = enrolled();
        HttpUser user = new HttpUser(port);
        followAll(user, user.signIn(email, password));
        int calls = gateway.calls.get();
        clock.advance(Duration.ofSeconds(20));

        Response resend = user.post(CHALLENGE + "/resend", Map.of());

        assertThat(resend.status()).isEqualTo(200);
        assertThat(resend.body()).contains("You can ask for a new code in 40 seconds.");
        assertThat(gateway.calls.get()).isEqualTo(calls);
        clock.advance(Duration.ofSeconds(40));
        Response later = user.post(CHALLENGE + "/resend", Map.of());
        assertThat(later.location()).isEqualTo(CHALLENGE);
        assertThat(user.follow(later).body()).contains("We have sent you a new code.");
        assertThat(latestCode(number)).isNotNull();
    }

    @Test
    void oob06_changingTheNumberNeedsARecentSecondFactorProvesTheNewNumberAndTellsTheOldOne() {
        HttpUser user = signedIn();
        String old = uniqueNumber();
        enrolWith(user, old);
        clock.advance(Duration.ofMinutes(6));

        Response stale = user.get(ENROLL);
        assertThat(stale.location()).isEqualTo("/signin/factor?stepup");
        Response challenge = followAll(user, stale);
        assertThat(challenge.body()).contains("We have sent a code to");
        Response back = user.post(CHALLENGE, Map.of("code", latestCode(old)));
        assertThat(back.location()).isEqualTo(ENROLL);
        Response form = user.get(ENROLL);
        assertThat(form.body()).contains("Enter your new mobile phone number");

        String newer = uniqueNumber();
        user.post(ENROLL, Map.of("phone", national(newer)));
        assertThat(phone()).as("not changed before the new number is proven").isEqualTo(old);
        user.get(ENROLL + "/confirm");
        Response done = user.post(ENROLL + "/confirm", Map.of("code", latestCode(newer)));

        assertThat(done.status()).isEqualTo(302);
        assertThat(phone()).isEqualTo(newer);
        assertThat(outbox.newestFirst(50)).anyMatch(m -> m.to().equals(old) && m.body().contains("has been changed"));
        assertThat(audit("mfa.number.change.notice")).anyMatch(d -> d.contains("delivered=true"));
    }

    // ------------------------------------------------------------------ helpers

    private HttpUser signedIn() {
        HttpUser user = new HttpUser(port);
        followAll(user, user.signIn(email, password));
        return user;
    }

    /** Signs in, enrols a fresh number, signs out; returns the number. */
    private String enrolled() {
        HttpUser user = signedIn();
        String number = uniqueNumber();
        enrolWith(user, number);
        user.get("/account/self-service");
        user.signOut();
        clock.advance(Duration.ofSeconds(61));
        return number;
    }

    private void enrolWith(HttpUser user, String number) {
        user.get(ENROLL);
        Response sent = user.post(ENROLL, Map.of("phone", national(number)));
        assertThat(sent.location()).isEqualTo(ENROLL + "/confirm");
        user.get(sent.location());
        Response done = user.post(ENROLL + "/confirm", Map.of("code", latestCode(number)));
        assertThat(done.status()).isEqualTo(302);
        assertThat(phone()).isEqualTo(number);
    }

    private Response followAll(HttpUser user, Response response) {
        Response current = response;
        for (int i = 0; i < 6 && current.isRedirect(); i++) {
            current = user.follow(current);
        }
        return current;
    }

    private String phone() {
        return jdbc.sql("SELECT phone_e164 FROM mfa_sms WHERE account_id = :a").param("a", accountId)
                .query(String.class).optional().orElse(null);
    }

    private List<String> audit(String type) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE type = :type AND subject_account_id = :a")
                .param("type", type).param("a", accountId).query(String.class).list();
    }

    private String latestCode(String e164) {
        String code = latestCodeOrNull(e164);
        assertThat(code).as("a code texted to %s", e164).isNotNull();
        return code;
    }

    private long textsTo(String e164) {
        return outbox.newestFirst(500).stream().filter(m -> "sms".equals(m.channel()) && e164.equals(m.to())).count();
    }

    private String latestCodeOrNull(String e164) {
        for (OutboxMessage message : outbox.newestFirst(100)) {
            if ("sms".equals(message.channel()) && e164.equals(message.to())) {
                Matcher m = Pattern.compile("security code is (\\d{6})").matcher(message.body());
                return m.find() ? m.group(1) : null;
            }
        }
        return null;
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** A number in Ofcom's drama range, different for every call so that no per-number cap is reached. */
    private static String uniqueNumber() {
        return "+447700900" + String.format("%03d", NUMBERS.incrementAndGet() % 1000);
    }

    private static String national(String e164) {
        return "0" + e164.substring(3, 7) + " " + e164.substring(7);
    }

    private static final AtomicInteger NUMBERS = new AtomicInteger((int) (Math.random() * 500));
}
