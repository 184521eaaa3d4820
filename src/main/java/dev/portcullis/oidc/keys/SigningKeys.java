package dev.portcullis.oidc.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.oidc.OidcProperties;
import dev.portcullis.shared.SecretCipher;

/**
 * The ES256 and RS256 signing keys, kept in the database so that every node signs with the same
 * key and publishes the same set. Private keys are sealed with {@link SecretCipher}, bound to
 * their key id. A node reads the keys at most once per {@code portcullis.oidc.key-cache}.
 *
 * <p>Rotation (RFC 7517 §5 leaves it to us): a new generation is inserted to start signing
 * {@code key-publish-ahead} later, so it is in every node's cache and every relying
 * application's copy of the JWKS before the first token it signs; the previous generation stops
 * signing then and stays published for the longest token lifetime after, so tokens it signed
 * stay verifiable until they expire.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final SigningKeyStore store;
    private final SecretCipher cipher;
    private final OidcProperties properties;
    private final TokenLifetimes longestTokenLifetime;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random;

    private volatile Snapshot snapshot;

    SigningKeys(SigningKeyStore store, SecretCipher cipher, OidcProperties properties, TokenLifetimes longestTokenLifetime,
                TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, SecureRandom random) {
        this.store = store;
        this.cipher = cipher;
        this.properties = properties;
        this.longestTokenLifetime = longestTokenLifetime;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.random = random;
    }

    /** What JWKS publishes and verifiers use: every published key, public parts only. */
    public JWKSource<SecurityContext> publishedKeys() {
        return (selector, context) -> selector.select(new JWKSet(current().published()));
    }

    /** What the token encoder signs with: the one signing key of each algorithm, with its private part. */
    public JWKSource<SecurityContext> signingKeys() {
        return (selector, context) -> selector.select(new JWKSet(current().signing()));
    }

    /** Creates the first generation of each algorithm, and rotates any that is due. */
    public void rotateIfDue() {
        Instant now = clock.instant();
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            Optional<SigningKeyStore.StoredKey> latest = store.latest(algorithm.getName());
            if (latest.isEmpty()) {
                add(algorithm, 1, now, null);
            } else if (!latest.get().activatesAt().plus(properties.keyRotation()).isAfter(now)) {
                add(algorithm, latest.get().generation() + 1, now.plus(properties.keyPublishAhead()), latest.get());
            }
        }
        store.deleteUnpublishedBefore(now.minus(Duration.ofDays(1)));
        forget();
    }

    /** Starts a new generation of every algorithm now, whatever its age (an operator's "rotate now"). */
    public void rotateNow() {
        Instant now = clock.instant();
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            Optional<SigningKeyStore.StoredKey> latest = store.latest(algorithm.getName());
            // The very first key signs at once; a later one is published ahead of signing.
            add(algorithm, latest.map(k -> k.generation() + 1).orElse(1),
                    latest.isEmpty() ? now : now.plus(properties.keyPublishAhead()), latest.orElse(null));
        }
        forget();
    }

    /** Drops this node's cached keys, so the next use reads the database. */
    public void forget() {
        snapshot = null;
    }

    /** Key ids currently published, for the operator and tests. */
    public List<String> publishedKeyIds() {
        return current().published().stream().map(JWK::getKeyID).toList();
    }

    /** Key ids currently signing, for the operator and tests. */
    public List<String> signingKeyIds() {
        return current().signing().stream().map(JWK::getKeyID).toList();
    }

    private void add(JWSAlgorithm algorithm, int generation, Instant activatesAt, SigningKeyStore.StoredKey previous) {
        JWK key = generate(algorithm);
        Instant now = clock.instant();
        byte[] sealed = cipher.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), associatedData(key.getKeyID()));
        SigningKeyStore.StoredKey row = new SigningKeyStore.StoredKey(key.getKeyID(), algorithm.getName(), generation,
                key.toPublicJWK().toJSONString(), sealed, now, activatesAt, null, null);
        try {
            transactions.executeWithoutResult(status -> {
                store.insert(row);
                if (previous != null) {
                    Instant unpublishAt = activatesAt.plus(longestTokenLifetime.longest()).plus(properties.keyCache());
                    store.retire(previous.kid(), activatesAt, unpublishAt);
                }
                events.publishEvent(new SigningKeyAdded(algorithm.getName(), key.getKeyID(), generation, activatesAt));
            });
            log.info("OIDC signing key {} generation {} added (kid {}), signing from {}", algorithm, generation,
                    key.getKeyID(), activatesAt);
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            log.info("OIDC signing key {} generation {} was added by another node", algorithm, generation);
        }
    }

    private JWK generate(JWSAlgorithm algorithm) {
        try {
            JWKGenerator<? extends JWK> generator = JWSAlgorithm.ES256.equals(algorithm)
                    ? new ECKeyGenerator(Curve.P_256).secureRandom(random)
                    : new RSAKeyGenerator(properties.rsaKeySize()).secureRandom(random);
            JWK unnamed = generator.keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
            // RFC 7638 thumbprint as the key id: stable, unique, and says nothing.
            String kid = unnamed.computeThumbprint().toString();
            return JWSAlgorithm.ES256.equals(algorithm)
                    ? new com.nimbusds.jose.jwk.ECKey.Builder(unnamed.toECKey()).keyID(kid).build()
                    : new com.nimbusds.jose.jwk.RSAKey.Builder(unnamed.toRSAKey()).keyID(kid).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an " + algorithm + " key", e);
        }
    }

    private Snapshot current() {
        Instant now = clock.instant();
        Snapshot cached = snapshot;
        if (cached != null && !now.isBefore(cached.loadedAt()) && now.isBefore(cached.loadedAt().plus(properties.keyCache()))) {
            return cached;
        }
        Snapshot fresh = load(now);
        if (fresh.signing().size() < ALGORITHMS.size()) {
            rotateIfDue();
            fresh = load(now);
        }
        snapshot = fresh;
        return fresh;
    }

    private Snapshot load(Instant now) {
        List<JWK> published = new ArrayList<>();
        Map<String, SigningKeyStore.StoredKey> signingRows = new LinkedHashMap<>();
        Map<String, SigningKeyStore.StoredKey> oldest = new LinkedHashMap<>();
        for (SigningKeyStore.StoredKey row : store.published(now)) {
            published.add(parse(row.publicJwk()));
            // Rows come newest generation first: the first active one of an algorithm signs.
            if (!row.activatesAt().isAfter(now)) {
                signingRows.putIfAbsent(row.algorithm(), row);
            }
            oldest.put(row.algorithm(), row);
        }
        // A node whose clock lags behind the one that made the first key still signs: with the oldest key.
        oldest.forEach(signingRows::putIfAbsent);
        List<JWK> signing = new ArrayList<>();
        for (SigningKeyStore.StoredKey row : signingRows.values()) {
            byte[] opened = cipher.decrypt(row.sealedPrivateJwk(), associatedData(row.kid()));
            signing.add(parse(new String(opened, StandardCharsets.UTF_8)));
        }
        return new Snapshot(now, List.copyOf(published), List.copyOf(signing));
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not a JWK", e);
        }
    }

    static String associatedData(String kid) {
        return "oidc:signing-key:" + kid;
    }

    private record Snapshot(Instant loadedAt, List<JWK> published, List<JWK> signing) {

        @Override
        public String toString() {
            return "Snapshot[loadedAt=" + loadedAt + ", published=" + published.size() + ", signing=(redacted)]";
        }
    }

    /** A signing key generation was added; the key itself is never in the event. */
    record SigningKeyAdded(String algorithm, String kid, int generation, Instant activatesAt) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.key.added", null, null, null, null,
                    "algorithm=" + algorithm + " kid=" + kid + " generation=" + generation + " activates=" + activatesAt);
        }
    }
}
