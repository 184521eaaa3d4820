package dev.portcullis.mfa.onetimecode;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.portcullis.shared.ServiceProperties;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pure rules of one-time codes, with a hand-moved clock and a seeded random source: making,
 * hashing and checking codes, expiry by the stored issue time, the cool-down and the words
 * people see. Storage, limits and concurrency are proven in {@link JdbcOneTimeCodeStoreTests}.
 */
class OneTimeCodesTests {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0, java.time.ZoneOffset.UTC);

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void newCodeWhenSeededThenSixDigitsRepeatableAndLeadingZerosKept() {
        SecureRandom a = seeded(42);
        SecureRandom b = seeded(42);
        Set<String> seen = new HashSet<>();
        boolean leadingZero = false;
        for (int i = 0; i < 5000; i++) {
            String code = CodeHasher.newCode(a);
            assertThat(code).matches("[0-9]{6}").isEqualTo(CodeHasher.newCode(b));
            leadingZero |= code.startsWith("0");
            seen.add(code);
        }
        assertThat(leadingZero).as("codes below 100000 keep their leading zeros").isTrue();
        assertThat(seen).as("5000 draws from a million rarely repeat").hasSizeGreaterThan(4950);
    }

    @Test
    void hashWhenSameCodeInAnotherRowThenDifferentAndNeverTheCode() {
        SecureRandom random = seeded(7);
        String code = "123456";
        byte[] salt = CodeHasher.newSalt(random);
        byte[] hash = CodeHasher.hash(salt, 1, 10, "sms", Purpose.SIGNIN, code);

        assertThat(hash).hasSize(32);
        assertThat(salt).hasSize(32);
        assertThat(HexFormat.of().formatHex(hash)).doesNotContain(code);
        assertThat(new String(hash, StandardCharsets.ISO_8859_1)).doesNotContain(code);
        assertThat(CodeHasher.hash(salt, 2, 10, "sms", Purpose.SIGNIN, code)).as("another row id").isNotEqualTo(hash);
        assertThat(CodeHasher.hash(CodeHasher.newSalt(random), 1, 10, "sms", Purpose.SIGNIN, code)).as("another salt")
                .isNotEqualTo(hash);
    }

    @Test
    void oob01_hashBindsTheCodeToItsAccountFactorAndPurpose() {
        byte[] salt = CodeHasher.newSalt(seeded(1));
        byte[] hash = CodeHasher.hash(salt, 5, 10, "sms", Purpose.SIGNIN, "654321");

        assertThat(CodeHasher.matches(hash, salt, 5, 10, "sms", Purpose.SIGNIN, "654321")).isTrue();
        assertThat(CodeHasher.matches(hash, salt, 5, 10, "sms", Purpose.SIGNIN, "654320")).isFalse();
        assertThat(CodeHasher.matches(hash, salt, 5, 11, "sms", Purpose.SIGNIN, "654321")).as("another account").isFalse();
        assertThat(CodeHasher.matches(hash, salt, 5, 10, "voice", Purpose.SIGNIN, "654321")).as("another factor").isFalse();
        assertThat(CodeHasher.matches(hash, salt, 5, 10, "sms", Purpose.ENROLL, "654321")).as("another purpose").isFalse();
        assertThat(CodeHasher.matches(hash, salt, 6, 10, "sms", Purpose.SIGNIN, "654321")).as("another row").isFalse();
    }

    @Test
    void normaliseWhenPeopleTypeSpacesThenAcceptedButNothingElse() {
        assertThat(CodeHasher.normalise("123456")).isEqualTo("123456");
        assertThat(CodeHasher.normalise(" 123 456 ")).isEqualTo("123456");
        assertThat(CodeHasher.normalise("123-456")).isEqualTo("123456");
        assertThat(CodeHasher.normalise("12345")).isNull();
        assertThat(CodeHasher.normalise("1234567")).isNull();
        assertThat(CodeHasher.normalise("12345a")).isNull();
        assertThat(CodeHasher.normalise("١٢٣٤٥٦")).as("non-ASCII digits").isNull();
        assertThat(CodeHasher.normalise("1".repeat(100_000))).isNull();
        assertThat(CodeHasher.normalise(null)).isNull();
    }

    @Test
    void bindingHashWhenStoredThenNotTheSessionValue() {
        String value = "c2Vzc2lvbi1iaW5kaW5nLXZhbHVl";
        assertThat(CodeHasher.bindingHash(value)).hasSize(64).doesNotContain(value)
                .isEqualTo(CodeHasher.bindingHash(value)).isNotEqualTo(CodeHasher.bindingHash(value + "x"));
    }

    @Test
    void oob03_codeExpiresTenMinutesAfterItsStoredIssueTime() {
        OneTimeCodeProperties properties = OneTimeCodeProperties.defaults();
        Instant issued = clock.instant();

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(properties.expired(issued, clock.instant())).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(properties.expired(issued, clock.instant())).isTrue();
    }

    @Test
    void oob05_coolDownSaysWhenANewCodeCanBeAskedFor() {
        Instant sent = clock.instant();
        clock.advance(Duration.ofSeconds(15));

        Duration wait = SendLimit.ACCOUNT_MINUTE.retryAfter(clock.instant(), sent);

        assertThat(wait).isEqualTo(Duration.ofSeconds(45));
        assertThat(SendLimit.ACCOUNT_MINUTE.message(wait)).isEqualTo("You can ask for a new code in 45 seconds.");
        clock.advance(Duration.ofSeconds(45));
        assertThat(SendLimit.ACCOUNT_MINUTE.retryAfter(clock.instant(), sent)).as("never zero or negative")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void oob04_everyCapSaysWhyAndWhen() {
        assertThat(SendLimit.ACCOUNT_HOUR.message(Duration.ofMinutes(20)))
                .isEqualTo("You have asked for a lot of codes in the last hour. You can ask for a new code in 20 minutes.");
        assertThat(SendLimit.NUMBER_DAY.message(Duration.ofHours(3)))
                .isEqualTo("We have sent too many codes to this phone number today. You can ask for a new code in 3 hours, or use another method.");
        assertThat(SendLimit.PREFIX_DAY.message(Duration.ofHours(1))).contains("phone numbers like this one").contains("1 hour,");
        assertThat(SendLimit.COUNTRY_DAY.message(Duration.ofHours(2))).contains("in this country").contains("2 hours");
        assertThat(SendLimit.SOURCE_HOUR.message(Duration.ofMinutes(1))).contains("from your network").contains("1 minute,");
        assertThat(SendLimit.SERVICE_DAY.message(Duration.ofHours(24))).contains("as many codes as we can today").contains("24 hours");
        for (SendLimit limit : SendLimit.values()) {
            assertThat(limit.reason()).matches("[a-z]+-[a-z]+");
        }
    }

    @Test
    void waitsWhenDescribedThenRoundedUpInPlainWords() {
        assertThat(Waits.describe(Duration.ofMillis(200))).isEqualTo("1 second");
        assertThat(Waits.describe(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Waits.describe(Duration.ofSeconds(59))).isEqualTo("59 seconds");
        assertThat(Waits.describe(Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(Waits.describe(Duration.ofSeconds(61))).isEqualTo("2 minutes");
        assertThat(Waits.describe(Duration.ofMinutes(59))).isEqualTo("59 minutes");
        assertThat(Waits.describe(Duration.ofMinutes(60))).isEqualTo("1 hour");
        assertThat(Waits.describe(Duration.ofMinutes(61))).isEqualTo("2 hours");
    }

    @Test
    void checkMessagesWhenRefusedThenPlainAndNeverTheCode() {
        assertThat(CodeCheck.of(CodeCheck.Outcome.MISSING).message()).isEqualTo("Enter the security code");
        assertThat(CodeCheck.of(CodeCheck.Outcome.MALFORMED).message()).isEqualTo("The security code must be 6 numbers");
        assertThat(new CodeCheck(CodeCheck.Outcome.WRONG, null, 3, null).message())
                .isEqualTo("The security code is not correct. Check it and try again.");
        assertThat(new CodeCheck(CodeCheck.Outcome.WRONG, null, 0, Duration.ofMinutes(2)).message())
                .isEqualTo("You have entered the wrong code too many times. Try again in 2 minutes, or use another method.");
        assertThat(CodeCheck.of(CodeCheck.Outcome.EXHAUSTED).message()).contains("Ask for a new code");
        assertThat(CodeCheck.of(CodeCheck.Outcome.EXPIRED).message()).isEqualTo("This code has expired. Ask for a new code.");
        assertThat(CodeCheck.of(CodeCheck.Outcome.MISSING).aboutTheField()).isTrue();
        assertThat(CodeCheck.of(CodeCheck.Outcome.EXPIRED).aboutTheField()).isFalse();
    }

    @Test
    void propertiesWhenUnsetThenTheDefaultsOfTheBrief() {
        OneTimeCodeProperties defaults = OneTimeCodeProperties.defaults();

        assertThat(defaults.validity()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.maxAttempts()).isEqualTo(5);
        assertThat(defaults.perAccountPerMinute()).isEqualTo(1);
        assertThat(defaults.perAccountPerHour()).isEqualTo(5);
        assertThat(defaults.perNumberPerDay()).isEqualTo(10);
        assertThat(defaults.perPrefixPerDay()).isEqualTo(50);
        assertThat(defaults.prefixDigits()).isEqualTo(7);
        assertThat(defaults.perSourcePerHour()).isEqualTo(20);
        assertThat(defaults.dailyCap()).isEqualTo(10_000);
        assertThat(defaults.homeRegion()).isEqualTo("GB");
    }

    @Test
    void propertiesWhenNonsenseThenRefusedAtStart() {
        assertThatThrownBy(() -> new OneTimeCodeProperties(Duration.ofHours(2), null, null, null, null, null, null, null,
                null, null, null)).hasMessageContaining("validity");
        assertThatThrownBy(() -> new OneTimeCodeProperties(null, 0, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new OneTimeCodeProperties(null, null, null, null, null, null, null, null, null, null, 0))
                .hasMessageContaining("send limit");
        assertThatThrownBy(() -> new OneTimeCodeProperties(null, null, null, null, null, null, null, null, null, "GBR", null))
                .hasMessageContaining("home-region");
    }

    @Test
    void oob05_messagesWhenRenderedThenTheServiceNameAndTheCodeAndNothingToPress() {
        ServiceProperties service = new ServiceProperties(null, null, "Portcullis", null, false);
        MessageTexts texts = new MessageTexts(service, OneTimeCodeProperties.defaults());

        assertThat(texts.smsCode("123456")).isEqualTo("Portcullis: your security code is 123456. It expires in 10 minutes. "
                + "Never share this code — NHS staff will never ask for it.");
        String spoken = texts.voiceCode("123456");
        assertThat(spoken.replaceAll("\\s*\\R\\s*", " ")).isEqualTo("This is Portcullis. Your security code is: "
                + "1. 2. 3. 4. 5. 6. Again: 1. 2. 3. 4. 5. 6. Never share this code.");
        assertThat(spoken.lines()).as("one digit a line, so the call pauses between digits").contains("1.", "6.");
        assertThat(spoken.toLowerCase()).doesNotContain("press");
        assertThat(texts.smsNumberChanged()).startsWith("Portcullis: ").contains("changed").doesNotContain("[(");
        assertThat(texts.voiceNumberChanged()).startsWith("This is Portcullis.").contains("changed");
        assertThat(new MessageTexts(new ServiceProperties(null, null, "NHSmail", null, false), OneTimeCodeProperties.defaults())
                .smsCode("000001")).startsWith("NHSmail: your security code is 000001.");
    }

    @Test
    void oob04_prefixIsTheFirstSevenDigitsAndASourceIsAnAddressOrAnIpv6Slash64() {
        assertThat(OneTimeCodes.prefix("+447700900123", 7)).isEqualTo("4477009");
        assertThat(OneTimeCodes.prefix("+3361", 7)).isEqualTo("3361");
        assertThat(SourceKeys.of("2001:db8:1234:5678:9abc:def0:1:2")).isEqualTo("2001:db8:1234:5678::/64");
        assertThat(SourceKeys.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(SourceKeys.of(null)).isEqualTo("unknown");
    }
}
