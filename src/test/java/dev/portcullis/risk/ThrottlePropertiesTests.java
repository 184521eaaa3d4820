package dev.portcullis.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ThrottlePropertiesTests {

    private final ThrottleProperties defaults = new ThrottleProperties(null, null);

    @Test
    void defaultsWhenNothingConfiguredThenFiveFreeFailuresPerAccountAndHundredPerSource() {
        assertThat(this.defaults.account()).isEqualTo(
                new ThrottleProperties.Limits(5, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(24)));
        assertThat(this.defaults.source()).isEqualTo(
                new ThrottleProperties.Limits(100, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(1)));
    }

    @Test
    void pauseAfterWhenFailuresGrowThenDoublesFromFifthAndCapsAtThirtyMinutes() {
        ThrottleProperties.Limits account = this.defaults.account();
        assertThat(IntStream.rangeClosed(1, 12).mapToObj(account::pauseAfter).map(Duration::toMinutes))
                .containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void rl02_pauseAfterWhenMillionsOfFailuresThenStillThirtyMinutes() {
        assertThat(this.defaults.account().pauseAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(30));
        assertThat(this.defaults.account().pauseAfter(64)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void rl02_pauseAfterWhenAttackerWaitsOutEveryPauseThenOnlyAFewDozenGuessesADay() {
        // Five free guesses, then one guess per pause: the 24 hours after the first failure allow
        // only a few dozen guesses, each after a wait (NIST SP 800-63B-4 §3.2.2: at most 100 without delay).
        ThrottleProperties.Limits account = this.defaults.account();
        Duration elapsed = Duration.ZERO;
        int guesses = 0;
        while (elapsed.compareTo(Duration.ofHours(24)) < 0) {
            guesses++;
            elapsed = elapsed.plus(account.pauseAfter(guesses));
        }
        assertThat(guesses).isBetween(45, 60);
    }

    @Test
    void limitsWhenFreeFailuresOutOfRangeThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new ThrottleProperties.Limits(0, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(24)));
        assertThatIllegalArgumentException().isThrownBy(() ->
                new ThrottleProperties.Limits(101, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(24)));
    }

    @Test
    void limitsWhenMaxPauseShorterThanFirstThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new ThrottleProperties.Limits(5, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(24)));
    }

    @Test
    void bindWhenAllValuesOfAScopeGivenThenUsed() {
        var source = new MapConfigurationPropertySource(Map.of(
                "portcullis.throttle.account.free-failures", "3",
                "portcullis.throttle.account.first-pause", "30s",
                "portcullis.throttle.account.max-pause", "10m",
                "portcullis.throttle.account.forget-after", "12h"));

        ThrottleProperties bound = new Binder(source).bind("portcullis.throttle", ThrottleProperties.class).get();

        assertThat(bound.account()).isEqualTo(
                new ThrottleProperties.Limits(3, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(12)));
        assertThat(bound.source()).isEqualTo(this.defaults.source());
    }

    @Test
    void minutesLeftWhenPausedThenRoundedUpToWholeMinutes() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(ThrottleDecision.pausedUntil(now.plusSeconds(61)).minutesLeft(now)).isEqualTo(2);
        assertThat(ThrottleDecision.pausedUntil(now.plusSeconds(60)).minutesLeft(now)).isEqualTo(1);
        assertThat(ThrottleDecision.pausedUntil(now.plusSeconds(1)).minutesLeft(now)).isEqualTo(1);
        assertThat(ThrottleDecision.ALLOWED.minutesLeft(now)).isZero();
    }

    @Test
    void scopeWhenNameInvalidThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ThrottleScope("Password", true));
        assertThatIllegalArgumentException().isThrownBy(() -> new ThrottleScope("x".repeat(25), true));
        assertThat(ThrottleScope.factor("totp")).isEqualTo(new ThrottleScope("factor.totp", true));
    }
}
