package dev.portcullis.mfa.onetimecode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The code and send-log tables. Every change of a code's state is a conditional UPDATE whose
 * row count says whether this request made it, so that parallel requests on one or several
 * nodes use a code, or a try at it, exactly once (FLT-05).
 */
@Repository
class JdbcOneTimeCodeStore {

    private final JdbcClient jdbc;

    JdbcOneTimeCodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored code: salt and hash included, so it stays inside this package. */
    record CodeRow(long id, long accountId, String factorType, Purpose purpose, String destination, byte[] salt,
                   byte[] codeHash, Instant issuedAt, int attempts, CodeStatus.State state) {

        @Override
        public String toString() {
            return "CodeRow[id=" + id + ", account=" + accountId + ", factor=" + factorType + ", state=" + state + "]";
        }
    }

    /** One send, as counted by the limits. */
    record Send(long accountId, String factorType, Purpose purpose, String destination, String prefix, String region,
                String source, Instant sentAt) {
    }

    /** Serialises sends across nodes until the surrounding transaction ends. */
    void lockSends() {
        jdbc.sql("SELECT id FROM mfa_one_time_code_send_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
    }

    /** How many sends match a limit's key within its window. */
    int countSends(SendLimit limit, Send send, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_one_time_code_send WHERE " + where(limit) + " AND sent_at > :since")
                .params(keyParams(limit, send)).param("since", Timestamp.from(since))
                .query(Integer.class).single();
    }

    /** The send time of the {@code n}-th newest send (1-based) within a window: when it leaves the window, one slot frees. */
    Optional<Instant> nthNewestSend(SendLimit limit, Send send, Instant since, int n) {
        return jdbc.sql("SELECT sent_at FROM mfa_one_time_code_send WHERE " + where(limit)
                        + " AND sent_at > :since ORDER BY sent_at DESC, id DESC LIMIT 1 OFFSET :skip")
                .params(keyParams(limit, send)).param("since", Timestamp.from(since)).param("skip", n - 1)
                .query((rs, i) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    void recordSend(Send send) {
        jdbc.sql("""
                INSERT INTO mfa_one_time_code_send (account_id, factor_type, purpose, destination, prefix, region, source,
                                                    sent_at)
                VALUES (:account, :factor, :purpose, :destination, :prefix, :region, :source, :at)
                """)
                .param("account", send.accountId()).param("factor", send.factorType())
                .param("purpose", send.purpose().dbValue()).param("destination", send.destination())
                .param("prefix", send.prefix()).param("region", send.region()).param("source", send.source())
                .param("at", Timestamp.from(send.sentAt()))
                .update();
    }

    /** Kills every live code of the account for this factor and purpose (OOB-03: a superseded code is dead). */
    int supersede(long accountId, String factorType, Purpose purpose, Instant now) {
        return jdbc.sql("""
                UPDATE mfa_one_time_code SET state = 'superseded', ended_at = :now
                WHERE account_id = :account AND factor_type = :factor AND purpose = :purpose AND state = 'live'
                """)
                .param("now", Timestamp.from(now)).param("account", accountId).param("factor", factorType)
                .param("purpose", purpose.dbValue())
                .update();
    }

    /**
     * Stores a new live code with a placeholder hash and returns its id; the caller sets the
     * hash, which covers the id, in the same transaction.
     */
    long insert(long accountId, String factorType, Purpose purpose, String destination, String bindingHash, byte[] salt,
                Instant issuedAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO mfa_one_time_code (account_id, factor_type, purpose, destination, session_binding, salt,
                                               code_hash, issued_at, attempts, state)
                VALUES (:account, :factor, :purpose, :destination, :binding, :salt, :placeholder, :at, 0, 'live')
                """)
                .param("account", accountId).param("factor", factorType).param("purpose", purpose.dbValue())
                .param("destination", destination).param("binding", bindingHash).param("salt", salt)
                .param("placeholder", new byte[0]).param("at", Timestamp.from(issuedAt))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void setHash(long id, byte[] codeHash) {
        jdbc.sql("UPDATE mfa_one_time_code SET code_hash = :hash WHERE id = :id")
                .param("hash", codeHash).param("id", id).update();
    }

    /** The newest code of a session for an account, factor and purpose. */
    Optional<CodeRow> latest(long accountId, String factorType, Purpose purpose, String bindingHash) {
        return jdbc.sql("""
                SELECT id, account_id, factor_type, purpose, destination, salt, code_hash, issued_at, attempts, state
                FROM mfa_one_time_code
                WHERE account_id = :account AND factor_type = :factor AND purpose = :purpose AND session_binding = :binding
                ORDER BY id DESC LIMIT 1
                """)
                .param("account", accountId).param("factor", factorType).param("purpose", purpose.dbValue())
                .param("binding", bindingHash)
                .query((rs, n) -> new CodeRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        Purpose.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)), rs.getString(5),
                        rs.getBytes(6), rs.getBytes(7), rs.getTimestamp(8).toInstant(), rs.getInt(9),
                        CodeStatus.State.of(rs.getString(10))))
                .optional();
    }

    Optional<CodeRow> find(long id) {
        return jdbc.sql("""
                SELECT id, account_id, factor_type, purpose, destination, salt, code_hash, issued_at, attempts, state
                FROM mfa_one_time_code WHERE id = :id
                """)
                .param("id", id)
                .query((rs, n) -> new CodeRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        Purpose.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)), rs.getString(5),
                        rs.getBytes(6), rs.getBytes(7), rs.getTimestamp(8).toInstant(), rs.getInt(9),
                        CodeStatus.State.of(rs.getString(10))))
                .optional();
    }

    /**
     * Takes one try at a live, unexpired code before it is compared, so that parallel guesses can
     * never compare more than {@code maxAttempts} times. False when no try is left, the code is no
     * longer live, or it was issued at or before {@code issuedAfter}.
     */
    boolean takeAttempt(long id, int maxAttempts, Instant issuedAfter) {
        return jdbc.sql("""
                UPDATE mfa_one_time_code SET attempts = attempts + 1
                WHERE id = :id AND state = 'live' AND attempts < :max AND issued_at > :after
                """)
                .param("id", id).param("max", maxAttempts).param("after", Timestamp.from(issuedAfter))
                .update() == 1;
    }

    /** Moves a live code to another state; true only for the one request that did it. */
    boolean end(long id, CodeStatus.State to, Instant now) {
        return jdbc.sql("UPDATE mfa_one_time_code SET state = :to, ended_at = :now WHERE id = :id AND state = 'live'")
                .param("to", to.dbValue()).param("now", Timestamp.from(now)).param("id", id)
                .update() == 1;
    }

    /** Kills every live code of the account for a factor, whatever its purpose (the number changed or went). */
    int cancelAll(long accountId, String factorType, Instant now) {
        return jdbc.sql("""
                UPDATE mfa_one_time_code SET state = 'cancelled', ended_at = :now
                WHERE account_id = :account AND factor_type = :factor AND state = 'live'
                """)
                .param("now", Timestamp.from(now)).param("account", accountId).param("factor", factorType)
                .update();
    }

    /** Removes codes issued and sends logged before the cutoffs. */
    int prune(Instant codesBefore, Instant sendsBefore) {
        int codes = jdbc.sql("DELETE FROM mfa_one_time_code WHERE issued_at < :before")
                .param("before", Timestamp.from(codesBefore)).update();
        int sends = jdbc.sql("DELETE FROM mfa_one_time_code_send WHERE sent_at < :before")
                .param("before", Timestamp.from(sendsBefore)).update();
        return codes + sends;
    }

    private static String where(SendLimit limit) {
        return switch (limit) {
            case ACCOUNT_MINUTE -> "account_id = :account AND factor_type = :factor AND purpose = :purpose";
            case ACCOUNT_HOUR -> "account_id = :account";
            case NUMBER_DAY -> "destination = :destination";
            case PREFIX_DAY -> "prefix = :prefix";
            case COUNTRY_DAY -> "region = :region";
            case SOURCE_HOUR -> "source = :source";
            case SERVICE_DAY -> "1 = 1";
        };
    }

    private static Map<String, Object> keyParams(SendLimit limit, Send send) {
        return switch (limit) {
            case ACCOUNT_MINUTE -> Map.of("account", send.accountId(), "factor", send.factorType(),
                    "purpose", send.purpose().dbValue());
            case ACCOUNT_HOUR -> Map.of("account", send.accountId());
            case NUMBER_DAY -> Map.of("destination", send.destination());
            case PREFIX_DAY -> Map.of("prefix", send.prefix());
            case COUNTRY_DAY -> Map.of("region", send.region());
            case SOURCE_HOUR -> Map.of("source", send.source());
            case SERVICE_DAY -> Map.of();
        };
    }
}
