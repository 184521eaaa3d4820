package dev.portcullis.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * Issuing, checking and revoking provisioning tokens. A token is 32 random bytes (base64url,
 * prefixed {@code scim_} so it is recognisable in a secret scanner); only its SHA-256 is kept,
 * which is enough because the token has full entropy and needs no slow hash. Who may issue or
 * revoke which token is the console's check before calling here.
 */
@Service
class ScimTokens {

    static final String PREFIX = "scim_";
    static final int MAX_LABEL = 100;

    record Issued(long id, String token) {
        @Override
        public String toString() {
            return "Issued[id=" + id + ", token=[redacted]]";
        }
    }

    private final ScimTokenStore store;
    private final ApplicationEventPublisher events;
    private final SecureRandom random;
    private final Clock clock;

    ScimTokens(ScimTokenStore store, ApplicationEventPublisher events, SecureRandom random, Clock clock) {
        this.store = store;
        this.events = events;
        this.random = random;
        this.clock = clock;
    }

    /** A label that is fit to store, or null when it will not do. */
    static String cleanLabel(String label) {
        String clean = label == null ? "" : label.strip();
        if (clean.isEmpty() || clean.length() > MAX_LABEL || clean.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return clean;
    }

    @Transactional
    Issued issue(String label, Long organisationId, long issuedBy) {
        String clean = cleanLabel(label);
        if (clean == null) {
            throw new IllegalArgumentException("label");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = store.insert(hash(token), clean, organisationId, issuedBy, clock.instant());
        events.publishEvent(new TokenIssued(id, organisationId, issuedBy, clean));
        return new Issued(id, token);
    }

    /** The client this bearer token stands for, when it is a live token; records its use. */
    Optional<ScimClient> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Optional<ScimTokenStore.Row> row = store.findLiveByHash(hash(token));
        row.ifPresent(r -> store.touch(r.id(), clock.instant()));
        return row.map(r -> new ScimClient(r.id(), r.organisationId(), r.issuedBy()));
    }

    List<ScimTokenStore.Row> list(Long organisationId) {
        return store.list(organisationId);
    }

    Optional<ScimTokenStore.Row> find(long id) {
        return store.findById(id);
    }

    @Transactional
    boolean revoke(ScimTokenStore.Row token, long revokedBy) {
        boolean revoked = store.revoke(token.id(), revokedBy, clock.instant());
        if (revoked) {
            events.publishEvent(new TokenRevoked(token.id(), token.organisationId(), revokedBy));
        }
        return revoked;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record TokenIssued(long tokenId, Long organisationId, long issuedBy, String label) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("scim.token.issued", issuedBy, null, organisationId, null,
                    "token=" + tokenId + " scope=" + (organisationId == null ? "global" : "organisation") + " label=" + label);
        }
    }

    record TokenRevoked(long tokenId, Long organisationId, long revokedBy) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("scim.token.revoked", revokedBy, null, organisationId, null, "token=" + tokenId);
        }
    }
}
