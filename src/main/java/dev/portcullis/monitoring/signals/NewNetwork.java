package dev.portcullis.monitoring.signals;

import java.util.Objects;

/** The source's network (IPv4 /24, IPv6 /48) has never been seen in a successful sign-in of this account. */
public final class NewNetwork implements RiskSignal {

    @Override
    public String id() {
        return "new_network";
    }

    @Override
    public int weight() {
        return 15;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        var successes = history.successes();
        return !successes.isEmpty() && attempt.network() != null
                && successes.stream().noneMatch(past -> Objects.equals(past.network(), attempt.network()));
    }

    @Override
    public boolean newDeviceOrPlace() {
        return true;
    }
}
