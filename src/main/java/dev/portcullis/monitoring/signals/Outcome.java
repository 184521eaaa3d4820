package dev.portcullis.monitoring.signals;

import java.util.Arrays;

/** How a sign-in attempt ended, as stored in {@code sign_in_attempt.outcome}. */
public enum Outcome {
    SUCCESS("success"),
    /** the password was right and a second factor was asked for; stays so when never completed */
    CHALLENGED("challenged"),
    WRONG_PASSWORD("wrong_password"),
    WRONG_CODE("wrong_code"),
    THROTTLED("throttled"),
    BLOCKED("blocked");

    private final String dbValue;

    Outcome(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static Outcome of(String dbValue) {
        return Arrays.stream(values()).filter(o -> o.dbValue.equals(dbValue)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outcome " + dbValue));
    }

    public boolean failure() {
        return this == WRONG_PASSWORD || this == WRONG_CODE;
    }
}
