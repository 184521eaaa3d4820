package dev.portcullis.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.StubHttpServer;
import dev.portcullis.messaging.StubHttpServer.Answer;
import dev.portcullis.messaging.StubHttpServer.RecordedRequest;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.MutableClockConfiguration;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text-message gateway failing at sign-in, over the whole application with the real Twilio
 * client against a stub of Twilio's API (issue 9; SECURITY.md OOB-07): a 5xx answer or one that
 * never comes in time gives the person a clear message and another of their methods, the send is
 * bounded by {@code portcullis.messaging.timeout} so request threads are not held, nothing is
 * retried behind their back, and the text-message step is never skipped.
 */
@Import(MutableClockConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "portcullis.messaging.provider=twilio", "portcullis.messaging.timeout=1s",
                "portcullis.messaging.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
                "portcullis.messaging.twilio.auth-token=twilio-auth-token-for-tests",
                "portcullis.messaging.twilio.from-number=+447400900111",
                "portcullis.mfa.onetimecode.per-source-per-hour=1000",
                "portcullis.notification.sending=false" })
class GatewayFaultIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String TOTP_ENROLL = "/account/security/factors/totp/enroll";
    private static final String SMS_ENROLL = "/account/security/factors/sms/enroll";
    private static final String SMS = "/signin/factor/sms";
    private static final String TOTP = "/signin/factor/totp";
    private static final String NOT_SENT = "We could not send a text message just now. Try again in a few minutes or use another method.";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Pattern CODE = Pattern.compile("security code is (\\d{6})");
    private static final Answer SENT = Answer.json(201, "{\"sid\":\"SM0123\",\"status\":\"queued\"}");
    private static final AtomicInteger NUMBERS = new AtomicInteger((int) (Math.random() * 500));

    private static StubHttpServer twilio;

    @DynamicPropertySource
    static void twilioStub(DynamicPropertyRegistry registry) {
        twilio = StubHttpServer.start();
        registry.add("portcullis.messaging.twilio.base-url", twilio::baseUrl);
    }

    @AfterAll
    static void stopStub() {
        if (twilio != null) {
            twilio.close();
        }
    }


    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private MfaService mfa;

    record Person(String email, String key, String number) {
    }

    @BeforeEach
    void middleOfAStep() {
        twilio.otherwise(SENT);
        clock.reset();
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
    }

    @Test
    void oob07_textGatewayAnswers503AtSignInThenClearMessageTheAppOfferedAndNoSkippedFactor() {
        Person person = withAppAndTextMessageByDefault();
        twilio.otherwise(Answer.json(503, "{\"code\":20503,\"message\":\"Service Unavailable\",\"status\":503}"));
        int before = textsTo(person.number());
        HttpUser user = new HttpUser(port);

        Response page = followAll(user, user.signIn(person.email(), PASSWORD));

        assertNotSentAndAnotherMethodOffered(user, page);
        twilio.awaitQuiet(Duration.ofSeconds(2));
        assertThat(textsTo(person.number())).as("one attempt, no hidden retry").isEqualTo(before + 1);
        finishesWithTheApp(user, person);
    }

    @Test
    void oob07_textGatewayTooSlowAtSignInThenAnswerWithinTheGatewayTimeoutAndTheAppOffered() throws Exception {
        Person person = withAppAndTextMessageByDefault();
        twilio.otherwise(SENT.after(Duration.ofSeconds(8)));
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(person.email(), PASSWORD).location()).isEqualTo("/signin/factor");

        long started = System.nanoTime();
        Response page = followAll(user, user.get("/signin/factor"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("bounded by the 1 s gateway timeout, not the provider's 8 s").isLessThan(Duration.ofSeconds(4));
        assertNotSentAndAnotherMethodOffered(user, page);

        // Others signing in at the same time are not held up behind the slow provider either.
        ExecutorService others = Executors.newFixedThreadPool(4);
        try {
            long together = System.nanoTime();
            List<Future<Integer>> pages = List.of(
                    others.submit(() -> new HttpUser(port).get("/signin").status()),
                    others.submit(() -> new HttpUser(port).get("/help").status()),
                    others.submit(() -> {
                        HttpUser another = new HttpUser(port);
                        another.signIn(person.email(), PASSWORD);
                        return followAll(another, another.get("/signin/factor")).status();
                    }));
            for (Future<Integer> status : pages) {
                assertThat(status.get()).isEqualTo(200);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - together)).isLessThan(Duration.ofSeconds(6));
        } finally {
            others.shutdownNow();
        }
        finishesWithTheApp(user, person);
    }

    private void assertNotSentAndAnotherMethodOffered(HttpUser user, Response page) {
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(NOT_SENT).contains("href=\"/signin/factor/choose?unavailable\"")
                .doesNotContain("Exception").doesNotContain("twilio");
        assertThat(user.get("/").status()).as("never a skipped factor").isNotEqualTo(200);
        assertThat(user.get("/account/profile").status()).isNotEqualTo(200);
        Response choose = user.get("/signin/factor/choose?unavailable");
        assertThat(choose.status()).isEqualTo(200);
        assertThat(choose.body()).contains("That method is not working right now").contains("href=\"" + TOTP + "\"");
    }

    private void finishesWithTheApp(HttpUser user, Person person) {
        assertThat(user.get(TOTP).status()).isEqualTo(200);
        Response done = user.post(TOTP, Map.of("code", TotpCodes.current(person.key(), clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(user.get("/account/profile").status()).isEqualTo(200);
    }

    /**
     * A person with an authenticator app and a text-message number, the text message their
     * default: both set up through the pages, with Twilio's stub answering normally.
     */
    private Person withAppAndTextMessageByDefault() {
        long organisationId = organisations.findOrCreate("FLT2", "Gateway Fault Trust").id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        long accountId = accounts.create(new NewAccount(email, "Test Nurse", organisationId, Role.USER,
                PASSWORD.toCharArray()), "test", null).id();
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(email, PASSWORD).location()).isEqualTo("/");
        Matcher secret = SECRET.matcher(user.get(TOTP_ENROLL).body());
        assertThat(secret.find()).isTrue();
        String key = secret.group(1).strip();
        assertThat(user.post(TOTP_ENROLL, Map.of("code", TotpCodes.current(key, clock))).status()).isEqualTo(302);

        // Right after the app's code: a recent second factor, so adding a number is allowed.
        String number = "+447700900" + String.format("%03d", NUMBERS.incrementAndGet() % 1000);
        assertThat(user.get(SMS_ENROLL).status()).isEqualTo(200);
        Response sent = user.post(SMS_ENROLL, Map.of("phone", "0" + number.substring(3, 7) + " " + number.substring(7)));
        assertThat(sent.location()).as(sent.body()).isEqualTo(SMS_ENROLL + "/confirm");
        user.get(sent.location());
        assertThat(user.post(SMS_ENROLL + "/confirm", Map.of("code", latestCode(number))).status()).isEqualTo(302);

        EnrolledFactor sms = mfa.enrolled(accountId).stream().filter(f -> f.type().equals("sms")).findFirst().orElseThrow();
        assertThat(mfa.setDefault(accountId, "sms", sms.instanceId())).isTrue();
        // Past the app's used step and the text message's resend cool-down.
        clock.advance(Duration.ofMinutes(2));
        return new Person(email, key, number);
    }

    private static List<String> textBodiesTo(String e164) {
        return twilio.requests().stream()
                .filter(r -> r.path().endsWith("/Messages.json"))
                .map(RecordedRequest::body)
                .map(body -> URLDecoder.decode(body, StandardCharsets.UTF_8))
                .filter(body -> body.contains("To=" + e164))
                .toList();
    }

    private static int textsTo(String e164) {
        return textBodiesTo(e164).size();
    }

    private static String latestCode(String e164) {
        List<String> bodies = textBodiesTo(e164);
        assertThat(bodies).as("a text to %s", e164).isNotEmpty();
        Matcher m = CODE.matcher(bodies.get(bodies.size() - 1));
        assertThat(m.find()).as(bodies.get(bodies.size() - 1)).isTrue();
        return m.group(1);
    }

    private static Response followAll(HttpUser user, Response response) {
        Response current = response;
        for (int i = 0; i < 6 && current.isRedirect(); i++) {
            current = user.follow(current);
        }
        return current;
    }
}
