package dev.portcullis.monitoring.signals;

import java.time.Duration;

/**
 * Between the account's last located successful sign-in and this attempt, the distance could not
 * have been covered: faster than an airliner (900 km/h). Short distances are ignored, since
 * GeoIP places are approximate.
 */
public final class ImpossibleTravel implements RiskSignal {

    static final double MAX_KMH = 900;
    static final double MIN_KM = 300;

    @Override
    public String id() {
        return "impossible_travel";
    }

    @Override
    public int weight() {
        return 60;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        if (!attempt.place().located()) {
            return false;
        }
        return history.successes().stream().filter(past -> past.place().located()).findFirst().map(last -> {
            double km = last.place().kilometresTo(attempt.place());
            if (km < MIN_KM) {
                return false;
            }
            double hours = Math.max(Duration.between(last.at(), attempt.at()).toSeconds(), 1) / 3600.0;
            return km / hours > MAX_KMH;
        }).orElse(false);
    }
}
