package dev.portcullis.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.portcullis.monitoring.signals.Outcome;
import dev.portcullis.monitoring.signals.PastAttempt;
import dev.portcullis.monitoring.signals.Place;

/** The {@code sign_in_attempt} table: every sign-in attempt, its signals and score. */
@Repository
class SignInAttempts {

    static final int USER_AGENT_MAX = 300;
    static final int EMAIL_MAX = 254;

    private final JdbcClient jdbc;

    SignInAttempts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record NewAttempt(Instant at, Long accountId, Long organisationId, String emailTyped, String sourceIp, Place place,
                      String userAgent, String deviceId, Outcome outcome, String method, List<String> signals, int score) {
    }

    long insert(NewAttempt attempt) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        Place place = attempt.place() == null ? Place.UNKNOWN : attempt.place();
        jdbc.sql("""
                INSERT INTO sign_in_attempt (occurred_at, account_id, organisation_id, email_typed, source_ip, network,
                    country, city, latitude, longitude, user_agent, device_id, outcome, method, signals, score)
                VALUES (:at, :account, :org, :email, :ip, :network, :country, :city, :lat, :lon, :ua, :device,
                    :outcome, :method, :signals, :score)
                """)
                .param("at", Timestamp.from(attempt.at()))
                .param("account", attempt.accountId())
                .param("org", attempt.organisationId())
                .param("email", attempt.accountId() == null ? clip(attempt.emailTyped(), EMAIL_MAX) : null)
                .param("ip", clip(attempt.sourceIp(), 64))
                .param("network", Networks.of(attempt.sourceIp()))
                .param("country", place.country())
                .param("city", place.city())
                .param("lat", place.latitude())
                .param("lon", place.longitude())
                .param("ua", clip(attempt.userAgent(), USER_AGENT_MAX))
                .param("device", attempt.deviceId())
                .param("outcome", attempt.outcome().dbValue())
                .param("method", attempt.method())
                .param("signals", clip(String.join(",", attempt.signals()), 300))
                .param("score", attempt.score())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** A challenged attempt whose second factor was then proven (after wrong codes or not). */
    void completed(long id, String method) {
        jdbc.sql("UPDATE sign_in_attempt SET outcome = 'success', method = :method WHERE id = :id AND outcome IN ('challenged', 'wrong_code')")
                .param("method", method).param("id", id).update();
    }

    /**
     * A wrong code answered a challenge still open: the attempt was answered, not abandoned (so it
     * is no MFA fatigue), and counts as a failure. False when the attempt was already answered.
     */
    boolean wrongCode(long id, String method) {
        return jdbc.sql("UPDATE sign_in_attempt SET outcome = 'wrong_code', method = :method WHERE id = :id AND outcome = 'challenged'")
                .param("method", method).param("id", id).update() == 1;
    }

    /** One more code sent (or prompt pushed) for a challenged attempt. */
    void challengeSent(long id) {
        jdbc.sql("UPDATE sign_in_attempt SET challenges = challenges + 1 WHERE id = :id").param("id", id).update();
    }

    /** Marks the attempt reported by its account holder; false when it was already. */
    boolean report(long id, Instant at) {
        return jdbc.sql("UPDATE sign_in_attempt SET reported_at = :at WHERE id = :id AND reported_at IS NULL")
                .param("at", Timestamp.from(at)).param("id", id).update() == 1;
    }

    Optional<AttemptRecord> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(SignInAttempts::map).optional();
    }

    /** The account's attempts since {@code since}, newest first, at most {@code limit}. */
    List<AttemptRecord> forAccount(long accountId, Instant since, int limit) {
        return jdbc.sql(SELECT + " WHERE account_id = :account AND occurred_at >= :since ORDER BY occurred_at DESC, id DESC LIMIT :limit")
                .param("account", accountId).param("since", Timestamp.from(since)).param("limit", limit)
                .query(SignInAttempts::map).list();
    }

    /**
     * Who tried from one source address since {@code since} and how it went, newest first: only
     * what the source signals read (spraying). A hospital's staff share one address, so at a shift
     * change this runs twice per sign-in over hundreds of recent attempts; four narrow columns
     * instead of every column keeps that cheap.
     */
    List<PastAttempt> fromSource(String sourceIp, Instant since, int limit) {
        String ip = clip(sourceIp, 64);
        return jdbc.sql("""
                SELECT occurred_at, account_id, email_typed, outcome FROM sign_in_attempt
                WHERE source_ip = :ip AND occurred_at >= :since ORDER BY occurred_at DESC, id DESC LIMIT :limit
                """)
                .param("ip", ip).param("since", Timestamp.from(since)).param("limit", limit)
                .query((rs, n) -> {
                    long account = rs.getLong(2);
                    String who = rs.wasNull() ? rs.getString(3) : Long.toString(account);
                    return new PastAttempt(rs.getTimestamp(1).toInstant(), who, ip, null, null, null,
                            Outcome.of(rs.getString(4)), 0);
                })
                .list();
    }

    record RiskyFilter(Long organisationId, String outcome, String account, boolean flaggedOnly) {
    }

    record RiskyLine(AttemptRecord attempt, String accountEmail) {
    }

    /** Flagged, blocked or reported attempts for administrators, newest first. */
    List<RiskyLine> risky(RiskyFilter filter, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.flaggedOnly()) {
            where.append(" AND (t.signals <> '' OR t.outcome = 'blocked' OR t.reported_at IS NOT NULL)");
        }
        if (filter.organisationId() != null) {
            where.append(" AND t.organisation_id = :org");
            params.put("org", filter.organisationId());
        }
        if (filter.outcome() != null && !filter.outcome().isEmpty()) {
            where.append(" AND t.outcome = :outcome");
            params.put("outcome", filter.outcome());
        }
        if (filter.account() != null && !filter.account().isEmpty()) {
            where.append(" AND (a.email_canonical LIKE :account ESCAPE '\\' OR t.email_typed LIKE :account ESCAPE '\\')");
            params.put("account", "%" + filter.account().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        var spec = jdbc.sql("SELECT " + COLUMNS.replace(", ", ", t.").replaceFirst("^", "t.") + ", a.email"
                + " FROM sign_in_attempt t LEFT JOIN account a ON a.id = t.account_id" + where
                + " ORDER BY t.occurred_at DESC, t.id DESC LIMIT :limit OFFSET :offset");
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.param("limit", limit).param("offset", offset)
                .query((rs, n) -> new RiskyLine(map(rs, n), rs.getString(COLUMN_COUNT + 1))).list();
    }

    int prune(Instant before) {
        return jdbc.sql("DELETE FROM sign_in_attempt WHERE occurred_at < :before")
                .param("before", Timestamp.from(before)).update();
    }

    static PastAttempt past(AttemptRecord a) {
        String who = a.accountId() != null ? a.accountId().toString() : a.emailTyped();
        return new PastAttempt(a.at(), who, a.sourceIp(), a.network(), a.deviceId(), a.place(), a.outcome(), a.challenges());
    }

    static Duration age(Instant then, Instant now) {
        return Duration.between(then, now);
    }

    private static final String COLUMNS = "id, occurred_at, account_id, organisation_id, email_typed, source_ip, network, "
            + "country, city, latitude, longitude, user_agent, device_id, outcome, method, signals, score, challenges, reported_at";
    private static final int COLUMN_COUNT = 19;
    private static final String SELECT = "SELECT " + COLUMNS + " FROM sign_in_attempt";

    private static AttemptRecord map(ResultSet rs, int n) throws SQLException {
        String signals = rs.getString(16);
        Timestamp reported = rs.getTimestamp(19);
        return new AttemptRecord(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getObject(3, Long.class),
                rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), rs.getString(7),
                new Place(rs.getString(8), rs.getString(9), rs.getObject(10, Double.class), rs.getObject(11, Double.class)),
                rs.getString(12), rs.getString(13), Outcome.of(rs.getString(14)), rs.getString(15),
                signals == null || signals.isEmpty() ? List.of() : Arrays.asList(signals.split(",")),
                rs.getInt(17), rs.getInt(18), reported == null ? null : reported.toInstant());
    }

    static String clip(String text, int max) {
        return text == null ? null : text.length() > max ? text.substring(0, max) : text;
    }
}
