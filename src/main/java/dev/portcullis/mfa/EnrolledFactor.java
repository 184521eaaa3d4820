package dev.portcullis.mfa;

import java.time.Instant;

/**
 * One registered method of an account, as lists show it: never a secret.
 *
 * @param type       the factor's type id
 * @param instanceId identifies this instance within its factor (a row id, a credential id)
 * @param label      the name shown: "Authenticator app", the name a person gave a key
 * @param hint       a masked detail to tell several apart ("+44 ••••••• 123"), or null
 */
public record EnrolledFactor(String type, String instanceId, String label, String hint, Instant addedAt,
                             Instant lastUsedAt) {
}
