package dev.portcullis.mfa;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code mfa_method_index} in step with the factors, inside the same transaction as the
 * change that the event reports, so counts for administrators are never out of date.
 */
@Component
public class MfaMethodIndex {

    private final JdbcClient jdbc;
    private final FactorRegistry registry;
    private final Clock clock;

    MfaMethodIndex(JdbcClient jdbc, FactorRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.clock = clock;
    }

    @EventListener
    void on(FactorEvents.FactorEnrolled event) {
        refresh(event.accountId(), event.type());
    }

    @EventListener
    void on(FactorEvents.FactorRemoved event) {
        refresh(event.accountId(), event.type());
    }

    @EventListener
    void on(FactorEvents.MfaDisabled event) {
        jdbc.sql("DELETE FROM mfa_method_index WHERE account_id = :id").param("id", event.accountId()).update();
    }

    /** Re-reads one factor's instances for the account and records whether it has any. */
    public void refresh(long accountId, String type) {
        boolean has = registry.find(type).map(f -> f.selfEnrollable() && !f.enrolled(accountId).isEmpty()).orElse(false);
        if (!has) {
            jdbc.sql("DELETE FROM mfa_method_index WHERE account_id = :id AND factor_type = :type")
                    .param("id", accountId).param("type", type).update();
            return;
        }
        boolean indexed = jdbc.sql("SELECT COUNT(*) FROM mfa_method_index WHERE account_id = :id AND factor_type = :type")
                .param("id", accountId).param("type", type).query(Long.class).single() > 0;
        if (!indexed) {
            jdbc.sql("INSERT INTO mfa_method_index (account_id, factor_type, since) VALUES (:id, :type, :now)")
                    .param("id", accountId).param("type", type).param("now", Timestamp.from(clock.instant())).update();
        }
    }

    /** The kinds of method an account holds, from the index. */
    public List<String> typesOf(long accountId) {
        return jdbc.sql("SELECT factor_type FROM mfa_method_index WHERE account_id = :id ORDER BY factor_type")
                .param("id", accountId).query(String.class).list();
    }
}
