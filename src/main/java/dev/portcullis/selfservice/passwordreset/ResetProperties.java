package dev.portcullis.selfservice.passwordreset;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Self-service password reset.
 *
 * @param linkLifetime           how long an emailed link works (self-service)
 * @param administratorLinkLifetime how long a link an administrator sends works
 * @param requiredProofs         registered methods to prove (1 or 2)
 * @param securityQuestionsAllowed whether security questions may be the second of two proofs (never alone)
 */
@ConfigurationProperties("portcullis.reset")
record ResetProperties(Duration linkLifetime, Duration administratorLinkLifetime, Integer requiredProofs,
                       Boolean securityQuestionsAllowed) {

    ResetProperties {
        linkLifetime = linkLifetime == null ? Duration.ofMinutes(30) : linkLifetime;
        administratorLinkLifetime = administratorLinkLifetime == null ? Duration.ofDays(3) : administratorLinkLifetime;
        requiredProofs = requiredProofs == null ? 1 : requiredProofs;
        securityQuestionsAllowed = securityQuestionsAllowed != null && securityQuestionsAllowed;
        if (requiredProofs < 1 || requiredProofs > 2) {
            throw new IllegalArgumentException("portcullis.reset.required-proofs must be 1 or 2");
        }
        if (linkLifetime.compareTo(Duration.ofHours(24)) > 0 || administratorLinkLifetime.compareTo(Duration.ofDays(14)) > 0) {
            throw new IllegalArgumentException("portcullis.reset: links may live at most 24 hours (self-service) or 14 days (administrator)");
        }
    }
}
