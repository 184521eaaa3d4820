package dev.portcullis.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.portcullis.account.password.StoredPassword;

/** JDBC storage of accounts and their password hashes. */
@Repository
class AccountStore {

    private static final String COLUMNS =
            "id, email, display_name, organisation_id, status, role, created_at";

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
    }

    Optional<Account> findByCanonicalEmail(String canonicalEmail) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE email_canonical = :email")
                .param("email", canonicalEmail)
                .query(AccountStore::account)
                .optional();
    }

    Optional<Account> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = :id")
                .param("id", id)
                .query(AccountStore::account)
                .optional();
    }

    long insert(String email, String canonicalEmail, String displayName, long organisationId, Role role,
                AccountStatus status, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO account (email, email_canonical, display_name, organisation_id, status, role, created_at, updated_at)
                VALUES (:email, :canonical, :name, :organisation, :status, :role, :now, :now)
                """)
                .param("email", email)
                .param("canonical", canonicalEmail)
                .param("name", displayName)
                .param("organisation", organisationId)
                .param("status", status.dbValue())
                .param("role", role.dbValue())
                .param("now", Timestamp.from(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    Optional<StoredPassword> findPassword(long accountId) {
        return jdbc.sql("SELECT hash FROM account_password WHERE account_id = :id")
                .param("id", accountId)
                .query((rs, n) -> new StoredPassword(rs.getString(1)))
                .optional();
    }

    void savePassword(long accountId, StoredPassword password, Instant now) {
        var params = password.parameters();
        int updated = jdbc.sql("""
                UPDATE account_password SET hash = :hash, algorithm = :algorithm, memory_kib = :m, iterations = :t,
                       parallelism = :p, changed_at = :now
                WHERE account_id = :id
                """)
                .param("hash", password.hash()).param("algorithm", params.algorithm())
                .param("m", params.memoryKib()).param("t", params.iterations()).param("p", params.parallelism())
                .param("now", Timestamp.from(now)).param("id", accountId)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO account_password (account_id, hash, algorithm, memory_kib, iterations, parallelism, changed_at)
                    VALUES (:id, :hash, :algorithm, :m, :t, :p, :now)
                    """)
                    .param("hash", password.hash()).param("algorithm", params.algorithm())
                    .param("m", params.memoryKib()).param("t", params.iterations()).param("p", params.parallelism())
                    .param("now", Timestamp.from(now)).param("id", accountId)
                    .update();
        }
    }

    /** Replaces a hash only if it is still the one that was verified, so a concurrent change wins. */
    boolean replacePasswordIfUnchanged(long accountId, StoredPassword previous, StoredPassword upgraded, Instant now) {
        var params = upgraded.parameters();
        return jdbc.sql("""
                UPDATE account_password SET hash = :hash, algorithm = :algorithm, memory_kib = :m, iterations = :t,
                       parallelism = :p
                WHERE account_id = :id AND hash = :previous
                """)
                .param("hash", upgraded.hash()).param("algorithm", params.algorithm())
                .param("m", params.memoryKib()).param("t", params.iterations()).param("p", params.parallelism())
                .param("id", accountId).param("previous", previous.hash())
                .update() == 1;
    }

    void updateDisplayName(long accountId, String displayName, Instant now) {
        jdbc.sql("UPDATE account SET display_name = :name, updated_at = :now WHERE id = :id")
                .param("name", displayName).param("now", Timestamp.from(now)).param("id", accountId)
                .update();
    }

    void touch(long accountId, Instant now) {
        jdbc.sql("UPDATE account SET updated_at = :now WHERE id = :id")
                .param("now", Timestamp.from(now)).param("id", accountId)
                .update();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getLong("organisation_id"),
                AccountStatus.fromDb(rs.getString("status")),
                Role.fromDb(rs.getString("role")),
                rs.getTimestamp("created_at").toInstant());
    }
}
