package dev.portcullis.mfa.onetimecode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.outbox.Outbox;
import dev.portcullis.messaging.outbox.OutboxMessage;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.MutableClockConfiguration;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changing the number for text-message or phone-call codes tells the account's email address,
 * through the notification queue, besides the old number (SECURITY.md OOB-06): someone who
 * took over the phone step cannot move the codes to their own number unnoticed.
 */
@Import(MutableClockConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // The queue is read, not sent.
        properties = {"portcullis.mfa.onetimecode.per-source-per-hour=1000", "portcullis.notification.sending=false"})
class NumberChangeEmailIntegrationTests {

    private static final Pattern SMS_CODE = Pattern.compile("security code is (\\d{6})");
    private static final Pattern SPOKEN_CODE = Pattern.compile("code is:\\s*((?:\\d\\.\\s*){6})");
    private static final AtomicInteger NUMBERS = new AtomicInteger((int) (Math.random() * 500));


    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private Outbox outbox;

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
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        email = "ward.clerk." + unique + "@riverside.example";
        password = "harbour-lantern-" + unique;
        long organisation = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        accountId = accounts.create(new NewAccount(email, "Mary Seacole", organisation, Role.USER, password.toCharArray()),
                "test", null).id();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sms", "voice"})
    void oob06_theAccountsEmailIsToldWhenTheNumberChanges(String channel) {
        HttpUser user = new HttpUser(port);
        followAll(user, user.signIn(email, password));
        String old = uniqueNumber();
        enrol(user, channel, old);
        List<Long> before = emails();
        assertThat(before).as("the first number is told as a method added").hasSize(1);

        clock.advance(Duration.ofMinutes(2)); // past the resend wait, within the five minutes of a recent factor
        String newer = uniqueNumber();
        enrol(user, channel, newer);

        assertThat(number(channel)).isEqualTo(newer);
        List<Long> after = emails();
        assertThat(after).hasSize(2);
        List<String> told = jdbc.sql("SELECT recipient, text_body FROM notification_queue WHERE id = :id")
                .param("id", after.get(0)).query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single();
        assertThat(told.get(0)).isEqualTo(email);
        String body = told.get(1);
        assertThat(body).contains("voice".equals(channel) ? "Phone call" : "Text message")
                .contains("If this wasn't you, contact your local administrator");
        assertThat(body).as("no code in the email").doesNotContainPattern("\\d{6}");
    }

    private void enrol(HttpUser user, String channel, String number) {
        String path = "/account/security/factors/" + channel + "/enroll";
        Response form = user.get(path);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        Response sent = user.post(path, Map.of("phone", national(number)));
        assertThat(sent.location()).isEqualTo(path + "/confirm");
        user.get(sent.location());
        Response done = user.post(path + "/confirm", Map.of("code", latestCode(channel, number)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        user.get("/account/self-service");
    }

    /** Ids of the account's "method added" emails, newest first. */
    private List<Long> emails() {
        return jdbc.sql("SELECT id FROM notification_queue WHERE account_id = :a AND template = 'factor-enrolled' ORDER BY id DESC")
                .param("a", accountId).query(Long.class).list();
    }

    private String number(String channel) {
        return jdbc.sql("SELECT phone_e164 FROM mfa_" + channel + " WHERE account_id = :a").param("a", accountId)
                .query(String.class).optional().orElse(null);
    }

    private String latestCode(String channel, String e164) {
        for (OutboxMessage message : outbox.newestFirst(100)) {
            if (channel.equals(message.channel()) && e164.equals(message.to())) {
                Matcher m = ("voice".equals(channel) ? SPOKEN_CODE : SMS_CODE).matcher(message.body());
                assertThat(m.find()).as(message.body()).isTrue();
                return m.group(1).replaceAll("[^0-9]", "");
            }
        }
        throw new AssertionError("nothing sent to " + e164 + " by " + channel);
    }

    private static Response followAll(HttpUser user, Response response) {
        Response current = response;
        for (int i = 0; i < 6 && current.isRedirect(); i++) {
            current = user.follow(current);
        }
        return current;
    }

    /** A number in Ofcom's drama range, different for every call so that no per-number cap is reached. */
    private static String uniqueNumber() {
        return "+447700900" + String.format("%03d", NUMBERS.incrementAndGet() % 1000);
    }

    private static String national(String e164) {
        return "0" + e164.substring(3, 7) + " " + e164.substring(7);
    }
}
