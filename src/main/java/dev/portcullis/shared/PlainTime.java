package dev.portcullis.shared;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times the way NHS.UK writes them for people: "27 November 2025 at 6:46pm", "9am", "midday",
 * in UK time. Used in every email that tells someone when something happened to their account.
 */
public final class PlainTime {

    public static final ZoneId UK = ZoneId.of("Europe/London");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private PlainTime() {
    }

    public static String of(Instant instant) {
        return of(instant.atZone(UK).toLocalDateTime());
    }

    public static String of(LocalDateTime time) {
        int hour = time.getHour();
        int minute = time.getMinute();
        String clockTime;
        if (minute == 0 && (hour == 0 || hour == 12)) {
            clockTime = hour == 0 ? "midnight" : "midday";
        } else {
            int twelve = hour % 12 == 0 ? 12 : hour % 12;
            clockTime = twelve + (minute == 0 ? "" : String.format(Locale.ROOT, ":%02d", minute)) + (hour < 12 ? "am" : "pm");
        }
        return DATE.format(time) + " at " + clockTime;
    }
}
