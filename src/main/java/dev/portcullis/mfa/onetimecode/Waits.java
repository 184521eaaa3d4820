package dev.portcullis.mfa.onetimecode;

import java.time.Duration;

/** "45 seconds", "1 minute", "3 hours": how long someone has to wait, rounded up, in plain words. */
public final class Waits {

    private Waits() {
    }

    public static String describe(Duration wait) {
        long seconds = Math.max(1, wait.toMillis() / 1000 + (wait.toMillis() % 1000 == 0 ? 0 : 1));
        if (seconds < 60) {
            return plural(seconds, "second");
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return plural(minutes, "minute");
        }
        return plural((minutes + 59) / 60, "hour");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
