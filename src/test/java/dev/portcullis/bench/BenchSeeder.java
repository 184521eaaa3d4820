package dev.portcullis.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import dev.portcullis.account.password.HashParameters;
import dev.portcullis.account.password.StoredPassword;
import dev.portcullis.directory.BenchDirectoryText;
import dev.portcullis.mfa.totp.BenchTotpRows;
import dev.portcullis.shared.SecretCipher;

/**
 * Writes N accounts straight into a migrated database with JDBC batches: organisations of 1,000
 * people, every account active with the same Argon2id PHC string (hashing a million passwords
 * would take hours; verifying one costs the same whatever the string), a confirmed authenticator
 * app and a directory entry.
 *
 * <p>The TOTP seed is sealed once per account: {@link SecretCipher} binds a ciphertext to its
 * row through the associated data {@code totp:account:<id>}, so one ciphertext cannot serve two
 * accounts (it would fail authentication). AES-GCM costs about a microsecond, so that is not
 * what limits seeding; the database writes are. JDBC batches rather than
 * {@code INSERT ... SELECT generate_series} because the sealed seeds and the directory's folded
 * search text are computed in Java by the application's own code, and because the same path
 * then seeds H2 for the smoke test.
 */
final class BenchSeeder {

    static final int ACCOUNTS_PER_ORGANISATION = 1000;
    private static final int BATCH = 2000;

    private static final String[] FIRST = {"Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy",
        "Muhammad", "Freya", "Leo", "Florence", "Harry", "Lily", "Oscar", "Willow", "Archie", "Rosie", "Henry", "Sophia",
        "Theodore", "Evie", "Jack", "Aisha", "Charlie", "Priya", "Thomas", "Zoë", "Siobhan", "Chidi", "Mei", "Kwame",
        "Agnieszka", "Rhys", "Niamh", "Tomasz", "Fatima", "Declan", "Ines"};
    private static final String[] LAST = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas",
        "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes",
        "O'Brien", "Nowak", "Okafor", "Khan", "Begum", "Kowalski", "MacLeod", "Nguyen", "Müller", "Ahmed"};
    private static final String[] JOBS = {"Staff nurse", "Ward manager", "Consultant", "Junior doctor", "Physiotherapist",
        "Pharmacist", "Healthcare assistant", "Radiographer", "Midwife", "Porter", "Medical secretary",
        "Occupational therapist", "Paramedic", "Dietitian", "Clinical coder"};
    private static final String[] DEPARTMENTS = {"Cardiology", "Emergency department", "Oncology", "Paediatrics",
        "Radiology", "Pharmacy", "Maternity", "Orthopaedics", "Estates", "Finance", "Neurology", "Renal",
        "Outpatients", "Critical care"};
    private static final String[] LOCATIONS = {"Leeds", "Manchester", "Bristol", "Newcastle", "Birmingham", "Sheffield",
        "Nottingham", "Leicester", "Plymouth", "Norwich", "York", "Exeter"};
    private static final String[] PLACES = {"Leeds", "Manchester", "Bristol", "Newcastle", "Birmingham", "Sheffield",
        "Nottingham", "Leicester", "Plymouth", "Norwich", "York", "Exeter", "Derby", "Hull", "Oxford", "Cambridge"};

    record Seeded(int accounts, int organisations, long firstAccountId, double seconds) {
    }

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final StoredPassword password;

    BenchSeeder(DataSource dataSource, SecretCipher cipher, StoredPassword password) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.password = password;
    }

    static String displayName(int number) {
        return FIRST[number % FIRST.length] + " " + LAST[(number / FIRST.length) % LAST.length];
    }

    static String organisationName(int org) {
        return PLACES[org % PLACES.length] + " Health Trust " + org;
    }

    /** Seeds accounts 1..n (see {@link BenchAccounts}) into a database holding none of them. */
    Seeded seed(int n) throws SQLException {
        long started = System.nanoTime();
        Timestamp now = Timestamp.from(Instant.now());
        HashParameters params = password.parameters();
        int organisations = (n + ACCOUNTS_PER_ORGANISATION - 1) / ACCOUNTS_PER_ORGANISATION;
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            c.setAutoCommit(false);
            long orgBase = maxId(c, "organisation");
            String trigramIndex = postgres ? dropTrigramIndex(c) : null;
            long accountBase = maxId(c, "account");
            try (PreparedStatement org = c.prepareStatement(
                    "INSERT INTO organisation (id, code, name, status, created_at) VALUES (?, ?, ?, 'active', ?)")) {
                for (int o = 1; o <= organisations; o++) {
                    org.setLong(1, orgBase + o);
                    org.setString(2, "BENCH" + o);
                    org.setString(3, organisationName(o));
                    org.setTimestamp(4, now);
                    org.addBatch();
                }
                org.executeBatch();
            }
            resetIdentity(c, postgres, "organisation", orgBase + organisations);
            c.commit();
            try (PreparedStatement account = c.prepareStatement("""
                    INSERT INTO account (id, email, email_canonical, display_name, organisation_id, status, role, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'active', 'user', ?, ?)""");
                 PreparedStatement pw = c.prepareStatement("""
                    INSERT INTO account_password (account_id, hash, algorithm, memory_kib, iterations, parallelism, changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement totp = c.prepareStatement("""
                    INSERT INTO mfa_totp (account_id, seed_ciphertext, confirmed, active_account_id, created_at, confirmed_at)
                    VALUES (?, ?, TRUE, ?, ?, ?)""");
                 PreparedStatement method = c.prepareStatement(
                    "INSERT INTO mfa_method_index (account_id, factor_type, since) VALUES (?, 'totp', ?)");
                 PreparedStatement entry = c.prepareStatement("""
                    INSERT INTO directory_entry (account_id, job_title, department, work_phone, pronouns, location,
                                                 sort_name, search_text, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                PreparedStatement[] all = {account, pw, totp, method, entry};
                for (int i = 1; i <= n; i++) {
                    long id = accountBase + i;
                    int o = (i - 1) / ACCOUNTS_PER_ORGANISATION + 1;
                    String email = BenchAccounts.email(i);
                    String name = displayName(i);
                    account.setLong(1, id);
                    account.setString(2, email);
                    account.setString(3, email);
                    account.setString(4, name);
                    account.setLong(5, orgBase + o);
                    account.setTimestamp(6, now);
                    account.setTimestamp(7, now);
                    account.addBatch();
                    pw.setLong(1, id);
                    pw.setString(2, password.hash());
                    pw.setString(3, params.algorithm());
                    pw.setInt(4, params.memoryKib());
                    pw.setInt(5, params.iterations());
                    pw.setInt(6, params.parallelism());
                    pw.setTimestamp(7, now);
                    pw.addBatch();
                    totp.setLong(1, id);
                    totp.setBytes(2, cipher.encrypt(BenchAccounts.seed(i), BenchTotpRows.associatedData(id)));
                    totp.setLong(3, id);
                    totp.setTimestamp(4, now);
                    totp.setTimestamp(5, now);
                    totp.addBatch();
                    method.setLong(1, id);
                    method.setTimestamp(2, now);
                    method.addBatch();
                    String job = JOBS[i % JOBS.length];
                    String department = DEPARTMENTS[(i / 7) % DEPARTMENTS.length];
                    entry.setLong(1, id);
                    entry.setString(2, job);
                    entry.setString(3, department);
                    entry.setString(4, String.format("0113 %03d %04d", (i / 10000) % 1000, i % 10000));
                    entry.setString(5, i % 3 == 0 ? "she/her" : (i % 3 == 1 ? "he/him" : null));
                    entry.setString(6, LOCATIONS[(i / 3) % LOCATIONS.length]);
                    entry.setString(7, BenchDirectoryText.sortName(name));
                    entry.setString(8, BenchDirectoryText.searchText(name, email, organisationName(o), "BENCH" + o, job, department));
                    entry.setTimestamp(9, now);
                    entry.addBatch();
                    if (i % BATCH == 0 || i == n) {
                        for (PreparedStatement s : all) {
                            s.executeBatch();
                        }
                        c.commit();
                    }
                }
            }
            resetIdentity(c, postgres, "account", accountBase + n);
            c.commit();
            if (postgres) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    if (trigramIndex != null) {
                        s.execute(trigramIndex);
                    }
                    // Fresh statistics, as autovacuum would give a long-running database, so plans are realistic.
                    // Only these tables: the database may hold other schemas.
                    s.execute("ANALYZE organisation, account, account_password, mfa_totp, mfa_method_index, directory_entry");
                }
            }
            return new Seeded(n, organisations, accountBase + 1, (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * People Finder's trigram index (migration V0043) makes every insert into directory_entry
     * update a GIN index; building it once after the rows are in is far quicker. Returns the
     * statement that rebuilds it as it was, or null when it is not there.
     */
    private static String dropTrigramIndex(Connection c) throws SQLException {
        String definition = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'directory_entry_search_trgm_ix'")) {
            if (rs.next()) {
                definition = rs.getString(1);
            }
        }
        if (definition != null) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX directory_entry_search_trgm_ix");
            }
            c.commit();
        }
        return definition;
    }

    private static long maxId(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows were written with explicit ids: move the identity past them so the application's own inserts do not collide. */
    private static void resetIdentity(Connection c, boolean postgres, String table, long maxId) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + maxId + ")");
            } else {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (maxId + 1));
            }
        }
    }
}
