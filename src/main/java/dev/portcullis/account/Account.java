package dev.portcullis.account;

import java.time.Instant;

/** An account's public data. The password hash lives apart, in {@code account_password}. */
public record Account(long id, String email, String displayName, long organisationId,
                      AccountStatus status, Role role, Instant createdAt) {
}
