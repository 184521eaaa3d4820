package dev.portcullis.selfservice.leaver;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.notification.Notifications;
import dev.portcullis.signin.AccountSessions;

/**
 * Leavers and joiners: a person nominates themselves as leaving on a date, optionally naming the
 * organisation they move to; their local administrators are told; on the date the account is
 * disabled unless the joining organisation's administrator claimed it, in which case it moves
 * there with its methods. The person can withdraw until the date.
 */
@Service
public class Leavers {

    static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final JdbcClient jdbc;
    private final AccountService accounts;
    private final AccountAdministration administration;
    private final OrganisationService organisations;
    private final Notifications notifications;
    private final AccountSessions sessions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate transactions;

    Leavers(JdbcClient jdbc, AccountService accounts, AccountAdministration administration, OrganisationService organisations,
            Notifications notifications, AccountSessions sessions, ApplicationEventPublisher events, Clock clock,
            org.springframework.transaction.PlatformTransactionManager transactionManager) {
        this.transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.administration = administration;
        this.organisations = organisations;
        this.notifications = notifications;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    public Optional<Nomination> open(long accountId) {
        return jdbc.sql(SELECT + " WHERE account_id = :id AND closed_at IS NULL")
                .param("id", accountId).query(Leavers::map).optional();
    }

    /** Nominates; the reason for refusal is a message for the person. */
    @Transactional
    public void nominate(long accountId, LocalDate leavingDate, Long destinationOrganisationId) {
        var account = accounts.findById(accountId).orElseThrow();
        if (account.status() != AccountStatus.ACTIVE) {
            throw new LeaverException("leavingDate-day", "Your account cannot be nominated as a leaver now");
        }
        LocalDate today = today();
        if (leavingDate.isBefore(today) || leavingDate.isAfter(today.plusYears(1))) {
            throw new LeaverException("leavingDate-day", "Leaving date must be today or within the next year");
        }
        if (destinationOrganisationId != null && (destinationOrganisationId == account.organisationId()
                || organisations.findById(destinationOrganisationId).isEmpty())) {
            throw new LeaverException("destination", "Choose the organisation you are moving to, or none");
        }
        if (open(accountId).isPresent()) {
            throw new LeaverException("leavingDate-day", "You have already nominated yourself as a leaver");
        }
        jdbc.sql("""
                INSERT INTO leaver_nomination (account_id, from_organisation_id, leaving_date, destination_organisation_id, nominated_at)
                VALUES (:id, :from, :date, :dest, :now)
                """)
                .param("id", accountId).param("from", account.organisationId()).param("date", Date.valueOf(leavingDate))
                .param("dest", destinationOrganisationId).param("now", Timestamp.from(clock.instant()))
                .update(new GeneratedKeyHolder(), "id");
        administration.setStatus(accountId, AccountStatus.LEAVER_NOMINATED, accountId, "self-nominated leaver");
        events.publishEvent(new LeaverNominated(accountId, account.organisationId(), leavingDate, destinationOrganisationId));
        String destination = destinationOrganisationId == null ? "not given"
                : organisations.findById(destinationOrganisationId).map(o -> o.name()).orElse("not given");
        for (long admin : localAdministrators(account.organisationId())) {
            notifications.queue(admin, "leaver-nominated", Map.of("leaverName", account.displayName(),
                    "leaverEmail", account.email(), "leavingDate", DATE.format(leavingDate), "destination", destination));
        }
    }

    /**
     * Withdraws the open nomination, only before the leaving date: from that date the hourly job
     * may run at any moment (or has been held up), and the person has left.
     */
    @Transactional
    public boolean withdraw(long accountId) {
        int closed = jdbc.sql("""
                UPDATE leaver_nomination SET closed_at = :now, outcome = 'withdrawn'
                WHERE account_id = :id AND closed_at IS NULL AND leaving_date > :today
                """).param("now", Timestamp.from(clock.instant())).param("id", accountId)
                .param("today", Date.valueOf(today())).update();
        if (closed == 1) {
            administration.setStatusIf(accountId, AccountStatus.LEAVER_NOMINATED, AccountStatus.ACTIVE, accountId,
                    "leaver nomination withdrawn");
            events.publishEvent(new LeaverWithdrawn(accountId));
        }
        return closed == 1;
    }

    /** The joining organisation's administrator claims the person, so the account moves instead of closing. */
    @Transactional
    public boolean claim(long nominationId, long adminAccountId) {
        int claimed = jdbc.sql("""
                UPDATE leaver_nomination SET claimed_by = :admin, claimed_at = :now
                WHERE id = :id AND closed_at IS NULL AND claimed_by IS NULL AND destination_organisation_id IS NOT NULL
                """).param("admin", adminAccountId).param("now", Timestamp.from(clock.instant())).param("id", nominationId)
                .update();
        if (claimed == 1) {
            events.publishEvent(new JoinerClaimed(nominationId, adminAccountId));
        }
        return claimed == 1;
    }

    public Optional<Nomination> find(long nominationId) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", nominationId).query(Leavers::map).optional();
    }

    /** Open nominations leaving an organisation (or all, for null). */
    public List<Nomination> leaving(Long organisationId) {
        return jdbc.sql(SELECT + " WHERE closed_at IS NULL" + (organisationId == null ? "" : " AND from_organisation_id = :org")
                        + " ORDER BY leaving_date, id")
                .params(organisationId == null ? Map.of() : Map.of("org", organisationId))
                .query(Leavers::map).list();
    }

    /** Open nominations naming an organisation as the destination (or all with one, for null). */
    public List<Nomination> joining(Long organisationId) {
        return jdbc.sql(SELECT + " WHERE closed_at IS NULL AND destination_organisation_id IS NOT NULL"
                        + (organisationId == null ? "" : " AND destination_organisation_id = :org") + " ORDER BY leaving_date, id")
                .params(organisationId == null ? Map.of() : Map.of("org", organisationId))
                .query(Leavers::map).list();
    }

    /** On the leaving date: move claimed joiners, disable the rest. Safe on several nodes at once. */
    @Scheduled(cron = "${portcullis.leavers.cron:0 5 * * * *}", zone = "Europe/London")
    public void processDue() {
        for (Nomination due : jdbc.sql(SELECT + " WHERE closed_at IS NULL AND leaving_date <= :today")
                .param("today", Date.valueOf(today())).query(Leavers::map).list()) {
            // Each nomination in its own transaction: all of its changes or none (FLT-01).
            transactions.executeWithoutResult(status -> process(due));
        }
    }

    void process(Nomination due) {
        String outcome = due.claimed() ? "moved" : "disabled";
        int closed = jdbc.sql("UPDATE leaver_nomination SET closed_at = :now, outcome = :outcome WHERE id = :id AND closed_at IS NULL")
                .param("now", Timestamp.from(clock.instant())).param("outcome", outcome).param("id", due.id()).update();
        if (closed != 1) {
            return;
        }
        if (due.claimed()) {
            administration.moveToOrganisation(due.accountId(), due.destinationOrganisationId(), due.claimedBy());
            // Active again, unless an administrator disabled or locked it meanwhile.
            administration.setStatusIf(due.accountId(), AccountStatus.LEAVER_NOMINATED, AccountStatus.ACTIVE, due.claimedBy(),
                    "joined new organisation");
            // Administering the organisation left is no right over the one joined.
            if (accounts.findById(due.accountId()).map(a -> a.role() == Role.LOCAL_ADMIN).orElse(false)) {
                administration.setRole(due.accountId(), Role.USER, due.claimedBy());
            }
            // Sessions carry the organisation and role they began with (SES-03).
            sessions.endAll(due.accountId());
        } else {
            administration.setStatus(due.accountId(), AccountStatus.DISABLED, due.accountId(), "left on leaving date");
            sessions.endAll(due.accountId());
        }
    }

    private List<Long> localAdministrators(long organisationId) {
        return jdbc.sql("SELECT id FROM account WHERE organisation_id = :org AND role = 'local_admin' AND status = 'active'")
                .param("org", organisationId).query(Long.class).list();
    }

    private static final String SELECT = """
            SELECT id, account_id, from_organisation_id, leaving_date, destination_organisation_id, nominated_at, claimed_by, outcome
            FROM leaver_nomination""";

    private static Nomination map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Nomination(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDate(4).toLocalDate(),
                rs.getObject(5, Long.class), rs.getTimestamp(6).toInstant(), rs.getObject(7, Long.class), rs.getString(8));
    }

    public static class LeaverException extends RuntimeException {
        private final String field;

        LeaverException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    record LeaverNominated(long accountId, long organisationId, LocalDate leavingDate, Long destination) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("leaver.nominated", accountId, accountId, organisationId, null,
                    "leaving=" + leavingDate + (destination == null ? "" : " destination=" + destination));
        }
    }

    record LeaverWithdrawn(long accountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("leaver.withdrawn", accountId, accountId, null, null, null);
        }
    }

    record JoinerClaimed(long nominationId, long adminAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("leaver.claimed", adminAccountId, null, null, null, "nomination=" + nominationId);
        }
    }
}
