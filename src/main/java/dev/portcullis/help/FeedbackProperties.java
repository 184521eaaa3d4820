package dev.portcullis.help;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Feeding back, {@code portcullis.feedback.*}.
 *
 * @param perHour how many messages one account may send in an hour (default 5)
 * @param perDay  and in a day (default 20): enough for anyone with something to say, too few to flood the list
 */
@ConfigurationProperties("portcullis.feedback")
public record FeedbackProperties(Integer perHour, Integer perDay) {

    public FeedbackProperties {
        perHour = perHour == null ? 5 : perHour;
        perDay = perDay == null ? 20 : perDay;
        if (perHour < 1 || perDay < perHour) {
            throw new IllegalArgumentException("portcullis.feedback: per-hour must be at least 1 and per-day at least that");
        }
    }
}
