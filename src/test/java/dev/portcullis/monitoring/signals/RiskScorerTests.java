package dev.portcullis.monitoring.signals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.portcullis.monitoring.signals.RiskScorer.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The score adds up the signals that fire; the response follows the thresholds. */
class RiskScorerTests {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private static RiskSignal fixed(String id, int weight, boolean fires, boolean place) {
        return new RiskSignal() {
            public String id() { return id; }
            public int weight() { return weight; }
            public boolean fires(CurrentAttempt attempt, History history) { return fires; }
            public boolean newDeviceOrPlace() { return place; }
        };
    }

    private static final CurrentAttempt ATTEMPT = new CurrentAttempt(NOW, "7", "192.0.2.1", "192.0.2.0/24", "d", Place.UNKNOWN);
    private static final History EMPTY = new History(List.of(), List.of());

    @Test
    void assessWhenNothingFiresThenAllowWithScoreZero() {
        var assessment = new RiskScorer(List.of(fixed("a", 30, false, true))).assess(ATTEMPT, EMPTY);
        assertThat(assessment.signals()).isEmpty();
        assertThat(assessment.score()).isZero();
        assertThat(assessment.response()).isEqualTo(Response.ALLOW);
        assertThat(assessment.newDeviceOrPlace()).isFalse();
    }

    @Test
    void assessAddsWeightsAndPicksResponse() {
        assertThat(new RiskScorer(List.of(fixed("a", 20, true, true), fixed("b", 15, true, false))).assess(ATTEMPT, EMPTY))
                .isEqualTo(new RiskScorer.Assessment(List.of("a", "b"), 35, Response.ALLOW, true));
        assertThat(new RiskScorer(List.of(fixed("a", 20, true, false), fixed("b", 30, true, false))).assess(ATTEMPT, EMPTY)
                .response()).as("exactly the step-up threshold").isEqualTo(Response.STEP_UP);
        assertThat(new RiskScorer(List.of(fixed("a", 60, true, false), fixed("b", 40, true, false))).assess(ATTEMPT, EMPTY)
                .response()).as("exactly the block threshold").isEqualTo(Response.BLOCK);
    }

    @Test
    void standardWhenNewDeviceOnlyThenAllowedAndTold() {
        var history = new History(List.of(new PastAttempt(NOW.minus(Duration.ofDays(2)), "7", "192.0.2.1", "192.0.2.0/24",
                "old-device", Place.UNKNOWN, Outcome.SUCCESS, 0)), List.of());
        var assessment = RiskScorer.standard().assess(ATTEMPT, history);
        assertThat(assessment.signals()).containsExactly("new_device");
        assertThat(assessment.response()).isEqualTo(Response.ALLOW);
        assertThat(assessment.newDeviceOrPlace()).isTrue();
    }

    @Test
    void standardWhenNewCountryThenSecondFactorRequired() {
        Place leeds = new Place("GB", "Leeds", 53.8, -1.55);
        Place paris = new Place("FR", "Paris", 48.86, 2.35);
        var history = new History(List.of(new PastAttempt(NOW.minus(Duration.ofDays(2)), "7", "192.0.2.1", "192.0.2.0/24",
                "d", leeds, Outcome.SUCCESS, 0)), List.of());
        var assessment = RiskScorer.standard().assess(new CurrentAttempt(NOW, "7", "203.0.113.5", "203.0.113.0/24", "d", paris), history);
        assertThat(assessment.signals()).containsExactly("new_network", "new_country");
        assertThat(assessment.score()).isEqualTo(55);
        assertThat(assessment.response()).isEqualTo(Response.STEP_UP);
    }

    @Test
    void standardWhenFatigueThenBlocked() {
        var challenged = new PastAttempt(NOW.minusSeconds(60), "7", "192.0.2.1", "192.0.2.0/24", "d", Place.UNKNOWN, Outcome.CHALLENGED, 1);
        var history = new History(List.of(challenged, challenged, challenged), List.of());
        var assessment = RiskScorer.standard().assess(ATTEMPT, history);
        assertThat(assessment.signals()).contains("mfa_fatigue");
        assertThat(assessment.response()).isEqualTo(Response.BLOCK);
    }

    @Test
    void assessSourceOnlyLooksAtSpraying() {
        var challenged = new PastAttempt(NOW.minusSeconds(60), "7", "192.0.2.1", "192.0.2.0/24", "d", Place.UNKNOWN, Outcome.CHALLENGED, 1);
        assertThat(RiskScorer.standard().assessSource(ATTEMPT, new History(List.of(challenged, challenged, challenged), List.of()))
                .response()).isEqualTo(Response.ALLOW);
    }
}
