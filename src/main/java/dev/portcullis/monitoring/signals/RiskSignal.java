package dev.portcullis.monitoring.signals;

/** One thing that makes a sign-in attempt look unusual. Each is small and tested alone. */
public interface RiskSignal {

    /** Stable id, stored with the attempt and shown to administrators (e.g. {@code new_device}). */
    String id();

    /** What it adds to the score when it fires. */
    int weight();

    boolean fires(CurrentAttempt attempt, History history);

    /** Whether this signal is about the place or device, so the person is told by email. */
    default boolean newDeviceOrPlace() {
        return false;
    }
}
