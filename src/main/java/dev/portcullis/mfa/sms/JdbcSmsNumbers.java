package dev.portcullis.mfa.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.portcullis.mfa.onetimecode.EnrolledNumber;
import dev.portcullis.mfa.onetimecode.EnrolledNumbers;

/** The {@code mfa_sms} table: one mobile number per account (a unique constraint keeps it so, MFA-06). */
@Repository
class JdbcSmsNumbers implements EnrolledNumbers {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcSmsNumbers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<EnrolledNumber> find(long accountId) {
        return jdbc.sql("SELECT id, phone_e164, created_at, last_used_at FROM mfa_sms WHERE account_id = :account")
                .param("account", accountId)
                .query(JdbcSmsNumbers::map)
                .optional();
    }

    @Override
    public String save(long accountId, String e164) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("""
                UPDATE mfa_sms SET phone_e164 = :phone, created_at = :now, last_used_at = NULL WHERE account_id = :account
                """)
                .param("phone", e164).param("now", now).param("account", accountId)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO mfa_sms (account_id, phone_e164, created_at) VALUES (:account, :phone, :now)")
                    .param("account", accountId).param("phone", e164).param("now", now)
                    .update();
        }
        return find(accountId).orElseThrow().instanceId();
    }

    @Override
    public void used(long accountId) {
        jdbc.sql("UPDATE mfa_sms SET last_used_at = :now WHERE account_id = :account")
                .param("now", Timestamp.from(clock.instant())).param("account", accountId)
                .update();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM mfa_sms WHERE account_id = :account AND id = :id")
                .param("account", accountId).param("id", id)
                .update() == 1;
    }

    void deleteAll(long accountId) {
        jdbc.sql("DELETE FROM mfa_sms WHERE account_id = :account").param("account", accountId).update();
    }

    private static EnrolledNumber map(ResultSet rs, int row) throws SQLException {
        Timestamp lastUsed = rs.getTimestamp(4);
        return new EnrolledNumber(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                lastUsed == null ? null : lastUsed.toInstant());
    }
}
