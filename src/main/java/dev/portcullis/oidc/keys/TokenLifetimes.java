package dev.portcullis.oidc.keys;

import java.time.Duration;

/**
 * The longest a token signed now can stay valid: how long a key must stay published after it
 * stops signing. Provided by the authorization server configuration, which knows the clients.
 */
@FunctionalInterface
public interface TokenLifetimes {

    Duration longest();
}
