package dev.portcullis.mfa.onetimecode;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One-time codes in the database, on H2 and PostgreSQL: bound to a session and a purpose, used
 * once also under concurrency, expiring by their stored issue time, killed by a newer code or by
 * five tries, counted by the regulator across resends, and sent within every cap
 * (SECURITY.md OOB-01..05, OOB-07, FLT-05). Small caps here so that each can be reached.
 */
@SpringBootTest(properties = {
        "portcullis.mfa.onetimecode.per-account-per-hour=3",
        "portcullis.mfa.onetimecode.per-number-per-day=4",
        "portcullis.mfa.onetimecode.per-prefix-per-day=6",
        "portcullis.mfa.onetimecode.per-foreign-country-per-day=2",
        "portcullis.mfa.onetimecode.per-source-per-hour=8",
        "portcullis.mfa.onetimecode.daily-cap=10",
        // the account regulator pauses at the 8th consecutive wrong code, so a code's own 5 tries show first
        "portcullis.throttle.account.free-failures=8",
        "portcullis.throttle.account.first-pause=1m",
        "portcullis.throttle.account.max-pause=30m",
        "portcullis.throttle.account.forget-after=24h"})
class JdbcOneTimeCodeStoreTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired
    private OneTimeCodes codes;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    private String source;

    @BeforeEach
    void freshWindows() {
        // every window (a day at most) starts empty: sends of other tests in this database are out of it
        this.clock.advance(Duration.ofDays(3));
        this.source = "198.51.100." + (1 + (int) (Math.random() * 250));
    }

    // ------------------------------------------------------------------ OOB-01: bound to a session and purpose

    @Test
    void oob01_codeWorksOnlyForTheSessionAndPurposeItWasSentForAndOnlyOnce() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900101");

        assertThat(codes.verify(context(account, "sms", Purpose.SIGNIN, "session-b"), code).outcome())
                .as("another session").isEqualTo(CodeCheck.Outcome.NO_CODE);
        assertThat(codes.verify(context(account, "sms", Purpose.ENROLL, "session-a"), code).outcome())
                .as("another purpose").isEqualTo(CodeCheck.Outcome.NO_CODE);
        assertThat(codes.verify(context(account, "voice", Purpose.SIGNIN, "session-a"), code).outcome())
                .as("another factor").isEqualTo(CodeCheck.Outcome.NO_CODE);
        long other = newAccount();
        assertThat(codes.verify(context(other, "sms", Purpose.SIGNIN, "session-a"), code).outcome())
                .as("another account").isEqualTo(CodeCheck.Outcome.NO_CODE);

        CodeCheck verified = codes.verify(signIn, code);
        assertThat(verified.outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
        assertThat(verified.destination()).isEqualTo("+447700900101");
        assertThat(codes.verify(signIn, code).outcome()).as("second use").isEqualTo(CodeCheck.Outcome.NO_CODE);
        assertThat(audit(account, "mfa.code.rejected")).anyMatch(d -> d.contains("reason=used"));
    }

    @Test
    void oob01_enrolmentCodeCarriesTheNumberItProves() {
        long account = newAccount();
        CodeContext enrol = context(account, "sms", Purpose.ENROLL, "session-a");
        String code = send(enrol, "+447700900102");

        CodeCheck check = codes.verify(enrol, code);

        assertThat(check.outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
        assertThat(check.destination()).isEqualTo("+447700900102");
    }

    // ------------------------------------------------------------------ OOB-02: brute force across resends

    @Test
    void oob02_bruteForceAcrossResendsHitsTheAccountLimit() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String first = send(signIn, "+447700900103");
        for (int i = 0; i < 5; i++) {
            codes.verify(signIn, wrong(first));
        }
        clock.advance(Duration.ofSeconds(61));
        String second = send(signIn, "+447700900103");
        assertThat(codes.verify(signIn, wrong(second)).outcome()).isEqualTo(CodeCheck.Outcome.WRONG);
        assertThat(codes.verify(signIn, wrong(second)).outcome()).isEqualTo(CodeCheck.Outcome.WRONG);
        CodeCheck eighth = codes.verify(signIn, wrong(second));
        assertThat(eighth.retryAfter()).as("the 8th wrong code in a row pauses guessing").isNotNull();

        CodeCheck right = codes.verify(signIn, second);

        assertThat(right.outcome()).as("the right code is not even checked while paused").isEqualTo(CodeCheck.Outcome.PAUSED);
        assertThat(right.message()).startsWith("You have entered the wrong code too many times. Try again in");
        SendResult resend = codes.send(signIn, "+447700900103", (to, code) -> { });
        assertThat(resend.outcome()).as("no codes are sent while guessing is paused").isEqualTo(SendResult.Outcome.PAUSED);
        assertThat(audit(account, "mfa.code.rejected")).anyMatch(d -> d.contains("reason=paused"));
        assertThat(audit(account, "mfa.code.send.refused")).anyMatch(d -> d.contains("reason=paused"));
    }

    @Test
    void oob02_resendingNeverResetsTheFailureCount() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900104");
        codes.verify(signIn, wrong(code));
        codes.verify(signIn, wrong(code));

        clock.advance(Duration.ofSeconds(61));
        send(signIn, "+447700900104");

        assertThat(failures(account, "sms")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ OOB-03: expiry and supersession

    @Test
    void oob03_codeExpiresTenMinutesAfterItsStoredIssueTime() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900105");

        clock.advance(Duration.ofMinutes(10));

        assertThat(codes.latest(signIn).orElseThrow().state()).isEqualTo(CodeStatus.State.EXPIRED);
        assertThat(codes.verify(signIn, code).outcome()).isEqualTo(CodeCheck.Outcome.EXPIRED);
        assertThat(state(account)).isEqualTo("expired");
        assertThat(audit(account, "mfa.code.rejected")).anyMatch(d -> d.contains("reason=expired"));
    }

    @Test
    void flt03_oob03_expiryGoesByTheIssueTimeStoredInTheDatabase() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900106");
        jdbc.sql("UPDATE mfa_one_time_code SET issued_at = :at WHERE account_id = :account")
                .param("at", Timestamp.from(clock.instant().minus(Duration.ofMinutes(10)))).param("account", account).update();

        assertThat(codes.verify(signIn, code).outcome()).isEqualTo(CodeCheck.Outcome.EXPIRED);
    }

    @Test
    void oob03_codeWorksUntilJustBeforeTenMinutes() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900107");

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));

        assertThat(codes.verify(signIn, code).outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
    }

    @Test
    void oob03_newCodeSupersedesTheOutstandingOneEvenFromAnotherSession() {
        long account = newAccount();
        CodeContext mine = context(account, "sms", Purpose.SIGNIN, "session-a");
        CodeContext theirs = context(account, "sms", Purpose.SIGNIN, "session-b");
        String old = send(mine, "+447700900108");
        clock.advance(Duration.ofSeconds(61));
        String newer = send(theirs, "+447700900108");

        assertThat(codes.verify(mine, old).outcome()).isEqualTo(CodeCheck.Outcome.NO_CODE);
        assertThat(codes.verify(theirs, old).outcome()).as("the old code is no good in the newer session either")
                .isIn(CodeCheck.Outcome.WRONG);
        assertThat(codes.verify(theirs, newer).outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code WHERE account_id = :a AND state = 'superseded'")
                .param("a", account).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void oob03_codesOfOtherPurposesAndFactorsAreNotSuperseded() {
        long account = newAccount();
        CodeContext enrol = context(account, "sms", Purpose.ENROLL, "session-a");
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        CodeContext call = context(account, "voice", Purpose.SIGNIN, "session-a");
        String enrolCode = send(enrol, "+447700900109");
        String signInCode = send(signIn, "+447700900109");
        String callCode = send(call, "+447700900109");

        assertThat(codes.verify(enrol, enrolCode).outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
        assertThat(codes.verify(signIn, signInCode).outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
        assertThat(codes.verify(call, callCode).outcome()).isEqualTo(CodeCheck.Outcome.VERIFIED);
    }

    @Test
    void oob06_cancelAllWhenTheNumberChangesThenEveryLiveCodeOfTheFactorIsDead() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900110");

        codes.cancelAll(account, "sms");

        assertThat(codes.verify(signIn, code).outcome()).isEqualTo(CodeCheck.Outcome.NO_CODE);
        assertThat(state(account)).isEqualTo("cancelled");
    }

    // ------------------------------------------------------------------ tries per code

    @Test
    void oob02_fiveWrongTriesKillTheCode() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900111");
        for (int i = 1; i <= 4; i++) {
            CodeCheck check = codes.verify(signIn, wrong(code));
            assertThat(check.outcome()).isEqualTo(CodeCheck.Outcome.WRONG);
            assertThat(check.attemptsLeft()).isEqualTo(5 - i);
        }
        assertThat(codes.verify(signIn, wrong(code)).outcome()).isEqualTo(CodeCheck.Outcome.EXHAUSTED);

        assertThat(codes.verify(signIn, code).outcome()).as("even the right code").isEqualTo(CodeCheck.Outcome.EXHAUSTED);
        assertThat(state(account)).isEqualTo("exhausted");
        assertThat(audit(account, "mfa.code.rejected")).anyMatch(d -> d.contains("reason=wrong-last-try"));
    }

    @Test
    void malformedInputIsNotCountedAsATry() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900112");

        assertThat(codes.verify(signIn, "").outcome()).isEqualTo(CodeCheck.Outcome.MISSING);
        assertThat(codes.verify(signIn, "12ab56").outcome()).isEqualTo(CodeCheck.Outcome.MALFORMED);
        assertThat(codes.verify(signIn, "9".repeat(10_000)).outcome()).isEqualTo(CodeCheck.Outcome.MALFORMED);

        assertThat(attempts(account)).isZero();
        assertThat(failures(account, "sms")).isZero();
        assertThat(codes.verify(signIn, code.substring(0, 3) + " " + code.substring(3)).outcome())
                .isEqualTo(CodeCheck.Outcome.VERIFIED);
    }

    @Test
    void rightCodeClearsTheFactorFailureCount() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900113");
        codes.verify(signIn, wrong(code));

        codes.verify(signIn, code);

        assertThat(failures(account, "sms")).isZero();
    }

    // ------------------------------------------------------------------ FLT-05: concurrency

    @Test
    void flt05_parallelVerifiesOfOneCodeSucceedExactlyOnce() throws Exception {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900114");

        List<CodeCheck> results = parallel(8, () -> codes.verify(signIn, code));

        assertThat(results).filteredOn(r -> r.outcome() == CodeCheck.Outcome.VERIFIED).hasSize(1);
        assertThat(state(account)).isEqualTo("used");
    }

    @Test
    void flt05_parallelWrongGuessesAreComparedAtMostFiveTimes() throws Exception {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        String code = send(signIn, "+447700900115");

        List<CodeCheck> results = parallel(16, () -> codes.verify(signIn, wrong(code)));

        assertThat(results).extracting(CodeCheck::outcome)
                .allMatch(o -> o == CodeCheck.Outcome.WRONG || o == CodeCheck.Outcome.EXHAUSTED);
        assertThat(attempts(account)).isEqualTo(5);
        assertThat(failures(account, "sms")).as("only compared guesses are counted").isEqualTo(5);
        assertThat(codes.verify(signIn, code).outcome()).isEqualTo(CodeCheck.Outcome.EXHAUSTED);
    }

    @Test
    void flt05_parallelSendsForOneAccountRespectTheCoolDown() throws Exception {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        AtomicInteger delivered = new AtomicInteger();

        List<SendResult> results = parallel(6, () -> codes.send(signIn, "+447700900116", (to, c) -> delivered.incrementAndGet()));

        assertThat(results).filteredOn(r -> r.outcome() == SendResult.Outcome.SENT).hasSize(1);
        assertThat(delivered).hasValue(1);
    }

    // ------------------------------------------------------------------ storage never holds a code

    @Test
    void hashColumnNeverHoldsTheCodeNorDoesAnyAuditLine() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-secret-value");
        String code = send(signIn, "+447700900117");
        codes.verify(signIn, wrong(code));

        Map<String, Object> row = jdbc.sql("SELECT salt, code_hash, session_binding FROM mfa_one_time_code WHERE account_id = :a")
                .param("a", account).query().singleRow();
        byte[] hash = (byte[]) row.get("code_hash");
        assertThat(hash).hasSize(32);
        assertThat(new String(hash, StandardCharsets.ISO_8859_1)).doesNotContain(code);
        assertThat(HexFormat.of().formatHex(hash)).doesNotContain(code);
        assertThat((byte[]) row.get("salt")).hasSize(32);
        assertThat((String) row.get("session_binding")).hasSize(64).doesNotContain("session-secret-value");
        List<String> everything = jdbc.sql("SELECT detail FROM audit_event WHERE subject_account_id = :a")
                .param("a", account).query(String.class).list();
        assertThat(everything).isNotEmpty().noneMatch(d -> d.contains(code)).noneMatch(d -> d.contains(wrong(code)));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code_send WHERE destination = :d OR prefix = :c")
                .param("d", code).param("c", code).query(Integer.class).single()).isZero();
    }

    // ------------------------------------------------------------------ OOB-04 / OOB-05: caps and cool-down

    @Test
    void oob05_coolDownRefusesASecondCodeWithinAMinuteAndSaysWhen() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        send(signIn, "+447700900118");
        clock.advance(Duration.ofSeconds(15));

        SendResult again = codes.send(signIn, "+447700900118", (to, c) -> { throw new AssertionError("sent"); });

        assertThat(again.outcome()).isEqualTo(SendResult.Outcome.LIMITED);
        assertThat(again.limit()).isEqualTo(SendLimit.ACCOUNT_MINUTE);
        assertThat(again.message()).isEqualTo("You can ask for a new code in 45 seconds.");
        assertThat(audit(account, "mfa.code.send.refused")).anyMatch(d -> d.contains("reason=account-minute"));
        clock.advance(Duration.ofSeconds(45));
        assertThat(codes.send(signIn, "+447700900118", (to, c) -> { }).outcome()).isEqualTo(SendResult.Outcome.SENT);
    }

    @Test
    void oob04_perAccountHourlyCap() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "session-a");
        for (int i = 0; i < 3; i++) {
            send(signIn, "+447700900119");
            clock.advance(Duration.ofSeconds(61));
        }

        SendResult fourth = codes.send(context(account, "voice", Purpose.SIGNIN, "session-a"), "+447700900119", (to, c) -> { });

        assertThat(fourth.limit()).as("all factors of the account together").isEqualTo(SendLimit.ACCOUNT_HOUR);
        assertThat(fourth.message()).contains("You can ask for a new code in 57 minutes");
    }

    @Test
    void oob04_perNumberDailyCap() {
        for (int i = 0; i < 4; i++) {
            send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+447700900120");
        }

        SendResult fifth = codes.send(context(newAccount(), "sms", Purpose.ENROLL, "s"), "+447700900120", (to, c) -> { });

        assertThat(fifth.limit()).isEqualTo(SendLimit.NUMBER_DAY);
        assertThat(fifth.message()).contains("24 hours");
    }

    @Test
    void oob04_perPrefixDailyCap() {
        for (int i = 0; i < 6; i++) {
            send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+44770090013" + i);
        }

        SendResult seventh = codes.send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+447700900139", (to, c) -> { });

        assertThat(seventh.limit()).isEqualTo(SendLimit.PREFIX_DAY);
    }

    @Test
    void oob04_perForeignCountryDailyCapButNotForTheHomeCountry() {
        send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+33612345671");
        send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+33698765432");

        SendResult third = codes.send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+33655555555", (to, c) -> { });

        assertThat(third.limit()).isEqualTo(SendLimit.COUNTRY_DAY);
        assertThat(codes.send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), "+447700900140", (to, c) -> { }).outcome())
                .isEqualTo(SendResult.Outcome.SENT);
    }

    @Test
    void oob04_perSourceHourlyCap() {
        for (int i = 0; i < 8; i++) {
            send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), distinctPrefixNumber(i));
        }

        SendResult ninth = codes.send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), distinctPrefixNumber(8), (to, c) -> { });

        assertThat(ninth.limit()).isEqualTo(SendLimit.SOURCE_HOUR);
        assertThat(ninth.message()).contains("from your network");
    }

    @Test
    void oob04_serviceWideDailyCap() {
        for (int i = 0; i < 10; i++) {
            this.source = "192.0.2." + (i + 1);
            send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), distinctPrefixNumber(i));
        }
        this.source = "192.0.2.99";

        SendResult eleventh = codes.send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), distinctPrefixNumber(10), (to, c) -> { });

        assertThat(eleventh.limit()).isEqualTo(SendLimit.SERVICE_DAY);
        assertThat(audit(-1, "mfa.code.send.refused")).anyMatch(d -> d.contains("reason=service-day"));
        clock.advance(Duration.ofDays(1));
        assertThat(codes.send(context(newAccount(), "sms", Purpose.SIGNIN, "s"), distinctPrefixNumber(11), (to, c) -> { }).outcome())
                .as("a day later").isEqualTo(SendResult.Outcome.SENT);
    }

    @Test
    void oob04_refusedSendsAreNotCounted() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "s");
        send(signIn, "+447700900141");
        codes.send(signIn, "+447700900141", (to, c) -> { });

        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code_send WHERE account_id = :a").param("a", account)
                .query(Integer.class).single()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ OOB-07: gateway failure

    @Test
    void oob07_gatewayFailureKillsTheCodeAndNothingIsRetried() {
        long account = newAccount();
        CodeContext signIn = context(account, "sms", Purpose.SIGNIN, "s");
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<String> code = new AtomicReference<>();

        SendResult result = codes.send(signIn, "+447700900142", (to, c) -> {
            attempts.incrementAndGet();
            code.set(c);
            throw MessageDeliveryException.retryable("provider answered 503", null);
        });

        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.UNDELIVERED);
        assertThat(attempts).hasValue(1);
        assertThat(state(account)).isEqualTo("undelivered");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code_send WHERE account_id = :a").param("a", account)
                .query(Integer.class).single()).as("a failed send still counts against the caps").isEqualTo(1);
        assertThat(codes.latest(signIn).orElseThrow().state()).isEqualTo(CodeStatus.State.UNDELIVERED);
        assertThat(codes.verify(signIn, code.get()).outcome()).as("an undelivered code never works")
                .isEqualTo(CodeCheck.Outcome.NO_CODE);
        assertThat(audit(account, "mfa.code.undelivered")).anyMatch(d -> d.contains("retryable=true") && d.contains("503"))
                .noneMatch(d -> d.contains(code.get()));
    }

    @Test
    void pruneWhenOldThenCodesAndSendsGo() {
        long account = newAccount();
        send(context(account, "sms", Purpose.SIGNIN, "s"), "+447700900143");
        clock.advance(Duration.ofDays(2).plusMinutes(1));

        codes.prune();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code WHERE account_id = :a").param("a", account)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code_send WHERE account_id = :a").param("a", account)
                .query(Integer.class).single()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private String send(CodeContext context, String destination) {
        AtomicReference<String> sent = new AtomicReference<>();
        SendResult result = codes.send(context, destination, (to, code) -> {
            assertThat(to).isEqualTo(destination);
            sent.set(code);
        });
        assertThat(result.outcome()).as("send to %s: %s", destination, result.message()).isEqualTo(SendResult.Outcome.SENT);
        return sent.get();
    }

    private CodeContext context(long account, String factor, Purpose purpose, String binding) {
        return new CodeContext(account, null, factor, purpose, binding, this.source);
    }

    private long newAccount() {
        long organisation = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return accounts.create(new NewAccount("nurse." + unique + "@riverside.example", "Test Nurse", organisation,
                Role.USER, null), "test", null).id();
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** Valid UK mobile numbers whose first 7 digits all differ. */
    private static String distinctPrefixNumber(int i) {
        return "+447" + (400 + i * 3) + "900123";
    }

    private String state(long account) {
        return jdbc.sql("SELECT state FROM mfa_one_time_code WHERE account_id = :a ORDER BY id DESC LIMIT 1")
                .param("a", account).query(String.class).single();
    }

    private int attempts(long account) {
        return jdbc.sql("SELECT attempts FROM mfa_one_time_code WHERE account_id = :a ORDER BY id DESC LIMIT 1")
                .param("a", account).query(Integer.class).single();
    }

    private int failures(long account, String factor) {
        return jdbc.sql("SELECT failures FROM attempt_counter WHERE scope = :scope AND subject = :subject")
                .param("scope", "factor." + factor).param("subject", Long.toString(account))
                .query(Integer.class).optional().orElse(0);
    }

    private List<String> audit(long account, String type) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE type = :type AND (subject_account_id = :a OR :a = -1)")
                .param("type", type).param("a", account).query(String.class).list();
    }

    private static <T> List<T> parallel(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
