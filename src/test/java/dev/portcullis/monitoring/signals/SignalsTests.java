package dev.portcullis.monitoring.signals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each risk signal alone, against histories built by hand. */
class SignalsTests {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Place LEEDS = new Place("GB", "Leeds", 53.8, -1.55);
    private static final Place PARIS = new Place("FR", "Paris", 48.86, 2.35);
    private static final Place SYDNEY = new Place("AU", "Sydney", -33.87, 151.21);

    private static PastAttempt past(Duration ago, String device, String ip, Place place, Outcome outcome) {
        return new PastAttempt(NOW.minus(ago), "7", ip, network(ip), device, place, outcome, 0);
    }

    private static String network(String ip) {
        return ip.substring(0, ip.lastIndexOf('.')) + ".0/24";
    }

    private static CurrentAttempt now(String device, String ip, Place place) {
        return new CurrentAttempt(NOW, "7", ip, network(ip), device, place);
    }

    private static History account(PastAttempt... attempts) {
        return new History(List.of(attempts), List.of());
    }

    @Test
    void newDeviceWhenDeviceSeenBeforeThenQuiet() {
        var history = account(past(Duration.ofDays(3), "device-a", "192.0.2.1", LEEDS, Outcome.SUCCESS));
        assertThat(new NewDevice().fires(now("device-a", "192.0.2.1", LEEDS), history)).isFalse();
    }

    @Test
    void newDeviceWhenOnlySeenInFailuresThenFires() {
        var history = account(past(Duration.ofDays(3), "device-a", "192.0.2.1", LEEDS, Outcome.SUCCESS),
                past(Duration.ofDays(1), "device-b", "192.0.2.1", LEEDS, Outcome.WRONG_PASSWORD));
        assertThat(new NewDevice().fires(now("device-b", "192.0.2.1", LEEDS), history)).isTrue();
        assertThat(new NewDevice().fires(now(null, "192.0.2.1", LEEDS), history)).as("no cookie").isTrue();
    }

    @Test
    void newDeviceWhenFirstEverSignInThenQuiet() {
        assertThat(new NewDevice().fires(now("device-a", "192.0.2.1", LEEDS), account())).isFalse();
    }

    @Test
    void newNetworkComparesSlash24() {
        var history = account(past(Duration.ofDays(3), "d", "192.0.2.1", LEEDS, Outcome.SUCCESS));
        assertThat(new NewNetwork().fires(now("d", "192.0.2.200", LEEDS), history)).isFalse();
        assertThat(new NewNetwork().fires(now("d", "198.51.100.7", LEEDS), history)).isTrue();
        assertThat(new NewNetwork().fires(now("d", "198.51.100.7", LEEDS), account())).as("first sign-in").isFalse();
    }

    @Test
    void newCountryWhenCountryNeverSeenThenFires() {
        var history = account(past(Duration.ofDays(3), "d", "192.0.2.1", LEEDS, Outcome.SUCCESS));
        assertThat(new NewCountry().fires(now("d", "203.0.113.1", PARIS), history)).isTrue();
        assertThat(new NewCountry().fires(now("d", "203.0.113.1", new Place("GB", "York", 53.96, -1.08)), history)).isFalse();
        assertThat(new NewCountry().fires(now("d", "203.0.113.1", Place.UNKNOWN), history)).as("unknown place").isFalse();
    }

    @Test
    void newCountryWhenEarlierCountriesUnknownThenQuiet() {
        var history = account(past(Duration.ofDays(3), "d", "192.0.2.1", Place.UNKNOWN, Outcome.SUCCESS));
        assertThat(new NewCountry().fires(now("d", "203.0.113.1", PARIS), history)).isFalse();
    }

    @Test
    void impossibleTravelWhenFasterThanAirlinerThenFires() {
        var leedsAnHourAgo = account(past(Duration.ofHours(1), "d", "192.0.2.1", LEEDS, Outcome.SUCCESS));
        assertThat(new ImpossibleTravel().fires(now("d", "203.0.113.1", SYDNEY), leedsAnHourAgo)).isTrue();
        var leedsTwoDaysAgo = account(past(Duration.ofDays(2), "d", "192.0.2.1", LEEDS, Outcome.SUCCESS));
        assertThat(new ImpossibleTravel().fires(now("d", "203.0.113.1", SYDNEY), leedsTwoDaysAgo)).isFalse();
    }

    @Test
    void impossibleTravelIgnoresShortHopsAndUnknownPlaces() {
        var leedsJustNow = account(past(Duration.ofMinutes(1), "d", "192.0.2.1", LEEDS, Outcome.SUCCESS));
        assertThat(new ImpossibleTravel().fires(now("d", "192.0.2.9", new Place("GB", "York", 53.96, -1.08)), leedsJustNow))
                .as("40 km").isFalse();
        assertThat(new ImpossibleTravel().fires(now("d", "192.0.2.9", Place.UNKNOWN), leedsJustNow)).isFalse();
        var failedInSydney = account(past(Duration.ofMinutes(1), "d", "203.0.113.1", SYDNEY, Outcome.WRONG_PASSWORD));
        assertThat(new ImpossibleTravel().fires(now("d", "192.0.2.9", LEEDS), failedInSydney)).as("only successes count").isFalse();
    }

    @Test
    void failureBurstWhenFiveFailuresInFifteenMinutesThenFires() {
        List<PastAttempt> failures = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            failures.add(past(Duration.ofMinutes(i), "d", "192.0.2.1", LEEDS, i % 2 == 0 ? Outcome.WRONG_CODE : Outcome.WRONG_PASSWORD));
        }
        assertThat(new FailureBurst().fires(now("d", "192.0.2.1", LEEDS), new History(failures, List.of()))).isFalse();
        failures.add(past(Duration.ofMinutes(14), "d", "192.0.2.1", LEEDS, Outcome.WRONG_PASSWORD));
        assertThat(new FailureBurst().fires(now("d", "192.0.2.1", LEEDS), new History(failures, List.of()))).isTrue();
        failures.set(4, past(Duration.ofMinutes(16), "d", "192.0.2.1", LEEDS, Outcome.WRONG_PASSWORD));
        assertThat(new FailureBurst().fires(now("d", "192.0.2.1", LEEDS), new History(failures, List.of()))).as("too old").isFalse();
    }

    private static PastAttempt fromSource(String who, Duration ago, Outcome outcome) {
        return new PastAttempt(NOW.minus(ago), who, "192.0.2.66", "192.0.2.0/24", null, Place.UNKNOWN, outcome, 0);
    }

    @Test
    void sprayingWhenOneSourceFailsOnTwentyAccountsThenFires() {
        List<PastAttempt> source = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            source.add(fromSource("person" + i + "@example.org", Duration.ofSeconds(60 + i), Outcome.WRONG_PASSWORD));
        }
        // The same account again does not add to the count.
        source.add(fromSource("person0@example.org", Duration.ofSeconds(30), Outcome.WRONG_PASSWORD));
        CurrentAttempt nineteenth = new CurrentAttempt(NOW, "person18@example.org", "192.0.2.66", "192.0.2.0/24", null, Place.UNKNOWN);
        assertThat(new Spraying().fires(nineteenth, new History(List.of(), source))).isFalse();
        source.add(fromSource("person18@example.org", Duration.ofSeconds(20), Outcome.WRONG_PASSWORD));
        CurrentAttempt twentieth = new CurrentAttempt(NOW, "person19@example.org", "192.0.2.66", "192.0.2.0/24", null, Place.UNKNOWN);
        assertThat(new Spraying().fires(twentieth, new History(List.of(), source))).isTrue();
    }

    @Test
    void sprayingWhenSharedNetworkAlsoSignsManyInThenQuiet() {
        List<PastAttempt> source = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            source.add(fromSource("typo" + i + "@example.org", Duration.ofMinutes(5), Outcome.WRONG_PASSWORD));
        }
        for (int i = 0; i < 9; i++) {
            source.add(fromSource("staff" + i + "@example.org", Duration.ofMinutes(4), Outcome.SUCCESS));
        }
        CurrentAttempt attempt = new CurrentAttempt(NOW, "x", "192.0.2.66", null, null, Place.UNKNOWN);
        assertThat(new Spraying().fires(attempt, new History(List.of(), source))).as("26 failed, 9 signed in").isFalse();
    }

    @Test
    void sprayingIgnoresOldAttempts() {
        List<PastAttempt> source = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            source.add(fromSource("old" + i, Duration.ofMinutes(61), Outcome.WRONG_PASSWORD));
        }
        CurrentAttempt attempt = new CurrentAttempt(NOW, "x", "192.0.2.66", null, null, Place.UNKNOWN);
        assertThat(new Spraying().fires(attempt, new History(List.of(), source))).isFalse();
    }

    @Test
    void mfaFatigueWhenThreeChallengesAbandonedThenFires() {
        var two = account(past(Duration.ofMinutes(2), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED),
                past(Duration.ofMinutes(4), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED));
        assertThat(new MfaFatigue().fires(now("x", "198.51.100.1", PARIS), two)).isFalse();
        var three = account(past(Duration.ofMinutes(2), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED),
                past(Duration.ofMinutes(4), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED),
                past(Duration.ofMinutes(6), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED));
        assertThat(new MfaFatigue().fires(now("x", "198.51.100.1", PARIS), three)).isTrue();
    }

    @Test
    void mfaFatigueCountsOnlySinceLastCompletedSignIn() {
        var history = account(past(Duration.ofMinutes(2), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED),
                past(Duration.ofMinutes(3), "d", "192.0.2.1", LEEDS, Outcome.SUCCESS),
                past(Duration.ofMinutes(4), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED),
                past(Duration.ofMinutes(6), "x", "198.51.100.1", PARIS, Outcome.CHALLENGED));
        assertThat(new MfaFatigue().fires(now("x", "198.51.100.1", PARIS), history)).isFalse();
    }

    @Test
    void mfaFatigueWhenManyCodesSentThenFires() {
        var bombing = account(new PastAttempt(NOW.minusSeconds(90), "7", "198.51.100.1", null, "x", PARIS, Outcome.CHALLENGED, 6));
        assertThat(new MfaFatigue().fires(now("x", "198.51.100.1", PARIS), bombing)).isTrue();
    }
}
