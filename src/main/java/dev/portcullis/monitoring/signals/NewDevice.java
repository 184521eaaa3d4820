package dev.portcullis.monitoring.signals;

import java.util.Objects;

/** The device cookie has never been seen in a successful sign-in of this account (first sign-ins excepted). */
public final class NewDevice implements RiskSignal {

    @Override
    public String id() {
        return "new_device";
    }

    @Override
    public int weight() {
        return 20;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        var successes = history.successes();
        return !successes.isEmpty()
                && successes.stream().noneMatch(past -> past.deviceId() != null && Objects.equals(past.deviceId(), attempt.deviceId()));
    }

    @Override
    public boolean newDeviceOrPlace() {
        return true;
    }
}
