package dev.portcullis.monitoring.signals;

import java.time.Duration;

/**
 * Second-factor challenges that keep being started and never completed within the last hour: an
 * attacker who has the password pushing prompts or codes at the person (MFA fatigue, SMS or voice
 * bombing). Counts abandoned challenges and the codes sent for them.
 */
public final class MfaFatigue implements RiskSignal {

    static final Duration WINDOW = Duration.ofHours(1);
    static final int ABANDONED_THRESHOLD = 3;
    static final int CODES_THRESHOLD = 6;

    @Override
    public String id() {
        return "mfa_fatigue";
    }

    @Override
    public int weight() {
        return 100;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        var recent = history.account().stream()
                .filter(past -> past.at().isAfter(attempt.at().minus(WINDOW)))
                .toList();
        // Only what happened since the last completed sign-in counts.
        int abandoned = 0;
        int codes = 0;
        for (PastAttempt past : recent) {
            if (past.outcome() == Outcome.SUCCESS) {
                codes += past.challenges();
                break;
            }
            if (past.outcome() == Outcome.CHALLENGED) {
                abandoned++;
            }
            codes += past.challenges();
        }
        return abandoned >= ABANDONED_THRESHOLD || codes >= CODES_THRESHOLD;
    }
}
