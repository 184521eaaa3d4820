package dev.portcullis.monitoring.signals;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds up the weights of the signals that fire and decides the response: allow below
 * {@value #STEP_UP_AT}, ask for a second factor from there, block at {@value #BLOCK_AT}.
 */
public final class RiskScorer {

    public static final int STEP_UP_AT = 50;
    public static final int BLOCK_AT = 100;

    private final List<RiskSignal> signals;

    public RiskScorer(List<RiskSignal> signals) {
        this.signals = List.copyOf(signals);
    }

    /** Every signal this project has. */
    public static RiskScorer standard() {
        return new RiskScorer(List.of(new NewDevice(), new NewNetwork(), new NewCountry(), new ImpossibleTravel(),
                new FailureBurst(), new Spraying(), new MfaFatigue()));
    }

    public Assessment assess(CurrentAttempt attempt, History history) {
        List<String> fired = new ArrayList<>();
        int score = 0;
        boolean tell = false;
        for (RiskSignal signal : signals) {
            if (signal.fires(attempt, history)) {
                fired.add(signal.id());
                score += signal.weight();
                tell |= signal.newDeviceOrPlace();
            }
        }
        Response response = score >= BLOCK_AT ? Response.BLOCK : score >= STEP_UP_AT ? Response.STEP_UP : Response.ALLOW;
        return new Assessment(List.copyOf(fired), score, response, tell);
    }

    /** Only the signals about the source itself, for refusing it before any account is looked at. */
    public Assessment assessSource(CurrentAttempt attempt, History history) {
        Spraying spraying = new Spraying();
        boolean fires = spraying.fires(attempt, history);
        return fires ? new Assessment(List.of(spraying.id()), spraying.weight(), Response.BLOCK, false)
                : new Assessment(List.of(), 0, Response.ALLOW, false);
    }

    public enum Response { ALLOW, STEP_UP, BLOCK }

    /**
     * @param newDeviceOrPlace whether a fired signal means the person should be told by email
     */
    public record Assessment(List<String> signals, int score, Response response, boolean newDeviceOrPlace) {
    }
}
