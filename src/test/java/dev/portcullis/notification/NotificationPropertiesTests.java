package dev.portcullis.notification;

import java.time.Duration;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backoff arithmetic, limits and the way times are written in emails. */
class NotificationPropertiesTests {

    private final NotificationProperties defaults = new NotificationProperties(true, Duration.ofMinutes(2),
            Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofDays(3), 50, Duration.ofDays(30));

    @Test
    void retryWaitDoublesUpToADay() {
        assertThat(defaults.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.retryAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.retryAfter(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.retryAfter(12)).isEqualTo(Duration.ofSeconds(30L << 11));
        assertThat(defaults.retryAfter(13)).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.retryAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new NotificationProperties(true, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofHours(24), Duration.ofDays(3), 50, Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(true, Duration.ofMinutes(2), Duration.ofHours(2),
                Duration.ofHours(1), Duration.ofDays(3), 50, Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(true, Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofHours(24), Duration.ofHours(1), 50, Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(true, Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofHours(24), Duration.ofDays(3), 0, Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(true, Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofHours(24), Duration.ofDays(3), 50, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timesAreWrittenTheNhsWay() {
        assertThat(FactorChangeNotifier.when(LocalDateTime.of(2025, 11, 27, 18, 46))).isEqualTo("27 November 2025 at 6:46pm");
        assertThat(FactorChangeNotifier.when(LocalDateTime.of(2025, 11, 27, 9, 0))).isEqualTo("27 November 2025 at 9am");
        assertThat(FactorChangeNotifier.when(LocalDateTime.of(2025, 11, 27, 12, 0))).isEqualTo("27 November 2025 at midday");
        assertThat(FactorChangeNotifier.when(LocalDateTime.of(2025, 11, 27, 0, 0))).isEqualTo("27 November 2025 at midnight");
        assertThat(FactorChangeNotifier.when(LocalDateTime.of(2025, 11, 27, 0, 5))).isEqualTo("27 November 2025 at 12:05am");
        assertThat(FactorChangeNotifier.when(LocalDateTime.of(2025, 11, 27, 12, 30))).isEqualTo("27 November 2025 at 12:30pm");
    }

    @Test
    void inp04_subjectsAreOneLine() {
        assertThat(EmailTemplates.singleLine(" Portcullis:\r\nBcc: x@example.com ")).isEqualTo("Portcullis: Bcc: x@example.com");
        assertThat(EmailTemplates.singleLine("x".repeat(500))).hasSize(EmailTemplates.MAX_SUBJECT);
    }
}
