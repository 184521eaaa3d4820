package dev.portcullis.account;

import java.text.Normalizer;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import dev.portcullis.directory.OrganisationService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Accounts and their passwords in the database, on H2 and PostgreSQL. */
@SpringBootTest
class JdbcAccountServiceTests {

    private static final String PASSWORD = "a long and memorable passphrase";

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private JdbcClient jdbc;

    private long organisationId;

    private String local;

    @BeforeEach
    void organisation() {
        this.organisationId = this.organisations.findOrCreate("TEST1", "Test Hospital").id();
        this.local = "person" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void createWhenValidThenStoredActiveWithAuditLine() {
        long auditBefore = auditCount();

        Account created = create(this.local + "@example.nhs.uk", "Pat Person");

        assertThat(created.email()).isEqualTo(this.local + "@example.nhs.uk");
        assertThat(created.displayName()).isEqualTo("Pat Person");
        assertThat(created.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(created.role()).isEqualTo(Role.USER);
        assertThat(created.organisationId()).isEqualTo(this.organisationId);
        assertThat(this.accounts.findById(created.id())).contains(created);
        assertThat(auditCount()).isEqualTo(auditBefore + 1);
        assertThat(this.jdbc.sql("SELECT detail FROM audit_event WHERE type = 'account.created' AND subject_account_id = :id")
                .param("id", created.id()).query(String.class).single()).isEqualTo("role=user via=test");
    }

    @Test
    void createWhenPasswordGivenThenStoredAsArgon2idHashOnly() {
        Account created = create(this.local + "@example.nhs.uk", "Pat Person");

        var row = this.jdbc.sql("SELECT hash, algorithm, memory_kib, iterations, parallelism FROM account_password WHERE account_id = :id")
                .param("id", created.id()).query().singleRow();
        assertThat((String) row.get("hash")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        assertThat(row.get("algorithm")).isEqualTo("argon2id");
        assertThat(((Number) row.get("memory_kib")).intValue()).isEqualTo(19456);
        assertThat(((Number) row.get("iterations")).intValue()).isEqualTo(2);
        assertThat(((Number) row.get("parallelism")).intValue()).isEqualTo(1);
    }

    @Test
    void createWhenPasswordGivenThenCallersCharsWiped() {
        char[] password = PASSWORD.toCharArray();

        this.accounts.create(new NewAccount(this.local + "@example.nhs.uk", "Pat Person", this.organisationId, Role.USER, password),
                "test", null);

        assertThat(password).containsOnly('\0');
    }

    @Test
    void inp02_findByEmailWhenOtherCaseThenSameAccount() {
        Account created = create(this.local + "@example.nhs.uk", "Pat Person");

        assertThat(this.accounts.findByEmail(this.local.toUpperCase() + "@EXAMPLE.NHS.UK")).contains(created);
        assertThat(this.accounts.findByEmail("  " + this.local + "@Example.Nhs.Uk ")).contains(created);
    }

    @Test
    void inp02_findByEmailWhenFullwidthCharactersThenSameAccount() {
        Account created = create(this.local + "@example.nhs.uk", "Pat Person");
        String fullwidth = toFullwidth(this.local) + "\uFF20example.nhs.uk";
        assertThat(Normalizer.normalize(fullwidth, Normalizer.Form.NFKC)).isEqualTo(this.local + "@example.nhs.uk");

        assertThat(this.accounts.findByEmail(fullwidth)).contains(created);
    }

    @Test
    void inp02_createWhenEmailGivenInFullwidthThenCanonicalIsAscii() {
        Account created = create(toFullwidth(this.local) + "@example.nhs.uk", "Pat Person");

        assertThat(this.accounts.findByEmail(this.local + "@example.nhs.uk")).contains(created);
    }

    @Test
    void rec05_lookAlikeCyrillicAddressRefused() {
        // "anna" with U+0430 CYRILLIC SMALL LETTER A in place of both Latin a's.
        String latin = "anna." + this.local + "@example.nhs.uk";
        String cyrillic = "\u0430nn\u0430." + this.local + "@example.nhs.uk";
        create(latin, "Anna Latin");
        long accountsBefore = this.accounts.count();

        assertThat(this.accounts.findByEmail(cyrillic)).isEmpty();
        assertThatExceptionOfType(InvalidAccountException.class)
                .isThrownBy(() -> create(cyrillic, "Anna Cyrillic"))
                .satisfies(e -> assertThat(e.field()).isEqualTo("email"))
                .withMessage("Enter an email address in the correct format, like name@example.nhs.uk");
        assertThat(this.accounts.count()).isEqualTo(accountsBefore);
    }

    @Test
    void rec05_caseMappingLookAlikesRefused() {
        create("kit." + this.local + "@example.nhs.uk", "Kit");

        // U+0131 LATIN SMALL LETTER DOTLESS I and U+0130 CAPITAL I WITH DOT ABOVE are not "i".
        assertThat(this.accounts.findByEmail("k\u0131t." + this.local + "@example.nhs.uk")).isEmpty();
        assertThat(this.accounts.findByEmail("K\u0130T." + this.local + "@example.nhs.uk")).isEmpty();
        assertThatExceptionOfType(InvalidAccountException.class)
                .isThrownBy(() -> create("k\u0131t." + this.local + "@example.nhs.uk", "Kit Lookalike"));
    }

    @Test
    void inp02_createWhenEmailAlreadyUsedInOtherCaseThenRefusedAndNothingWritten() {
        create(this.local + "@example.nhs.uk", "Pat Person");
        long accountsBefore = this.accounts.count();
        long auditBefore = auditCount();

        assertThatExceptionOfType(InvalidAccountException.class)
                .isThrownBy(() -> create(this.local.toUpperCase() + "@Example.NHS.uk", "Pat Again"))
                .satisfies(e -> assertThat(e.field()).isEqualTo("email"))
                .withMessage("An account with this email address already exists");

        assertThat(this.accounts.count()).isEqualTo(accountsBefore);
        assertThat(auditCount()).isEqualTo(auditBefore);
        assertThat(this.jdbc.sql("SELECT COUNT(*) FROM account WHERE display_name = 'Pat Again'").query(Long.class).single()).isZero();
    }

    @Test
    void pwd02_createWhenPasswordTooShortThenRefusedAndNothingWritten() {
        long accountsBefore = this.accounts.count();

        assertThatExceptionOfType(InvalidAccountException.class)
                .isThrownBy(() -> this.accounts.create(new NewAccount(this.local + "@example.nhs.uk", "Pat Person",
                        this.organisationId, Role.USER, "short".toCharArray()), "test", null))
                .satisfies(e -> assertThat(e.field()).isEqualTo("password"))
                .withMessage("Password must be 8 characters or more");

        assertThat(this.accounts.count()).isEqualTo(accountsBefore);
        assertThat(this.accounts.findByEmail(this.local + "@example.nhs.uk")).isEmpty();
    }

    @Test
    void createWhenDisplayNameBlankOrWithControlCharactersThenRefused() {
        assertThatExceptionOfType(InvalidAccountException.class)
                .isThrownBy(() -> create(this.local + "@example.nhs.uk", "   "))
                .satisfies(e -> assertThat(e.field()).isEqualTo("displayName"));
        assertThatExceptionOfType(InvalidAccountException.class)
                .isThrownBy(() -> create(this.local + "@example.nhs.uk", "Pat\nAdmin"))
                .satisfies(e -> assertThat(e.field()).isEqualTo("displayName"));
        assertThat(this.accounts.findByEmail(this.local + "@example.nhs.uk")).isEmpty();
    }

    @Test
    void passwordMatchesWhenRightPasswordThenTrue() {
        Account created = create(this.local + "@example.nhs.uk", "Pat Person");

        assertThat(this.accounts.passwordMatches(Optional.of(created), PASSWORD)).isTrue();
        assertThat(this.accounts.passwordMatches(Optional.of(created), PASSWORD + "!")).isFalse();
    }

    @Test
    void passwordMatchesWhenNoAccountOrNoPasswordThenFalse() {
        Account withoutPassword = this.accounts.create(
                new NewAccount(this.local + "@example.nhs.uk", "Pat Person", this.organisationId, Role.USER, null), "test", null);

        assertThat(this.accounts.passwordMatches(Optional.empty(), PASSWORD)).isFalse();
        assertThat(this.accounts.passwordMatches(Optional.of(withoutPassword), "")).isFalse();
        assertThat(this.accounts.passwordMatches(Optional.of(withoutPassword), PASSWORD)).isFalse();
    }

    @Test
    void passwordMatchesWhenStoredWithWeakerParametersThenRehashedWithConfiguredOnes() {
        Account created = create(this.local + "@example.nhs.uk", "Pat Person");
        String weak = new Argon2PasswordEncoder(16, 32, 1, 7168, 5).encode(PASSWORD);
        this.jdbc.sql("UPDATE account_password SET hash = :hash, memory_kib = 7168, iterations = 5 WHERE account_id = :id")
                .param("hash", weak).param("id", created.id()).update();

        assertThat(this.accounts.passwordMatches(Optional.of(created), PASSWORD)).isTrue();

        var row = this.jdbc.sql("SELECT hash, memory_kib, iterations, parallelism FROM account_password WHERE account_id = :id")
                .param("id", created.id()).query().singleRow();
        assertThat((String) row.get("hash")).isNotEqualTo(weak).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(((Number) row.get("memory_kib")).intValue()).isEqualTo(19456);
        assertThat(((Number) row.get("iterations")).intValue()).isEqualTo(2);
        assertThat(((Number) row.get("parallelism")).intValue()).isEqualTo(1);
        assertThat(this.accounts.passwordMatches(Optional.of(created), PASSWORD)).as("the new hash verifies").isTrue();
    }

    @Test
    void passwordMatchesWhenWrongPasswordAgainstWeakerHashThenNotRehashed() {
        Account created = create(this.local + "@example.nhs.uk", "Pat Person");
        String weak = new Argon2PasswordEncoder(16, 32, 1, 7168, 5).encode(PASSWORD);
        this.jdbc.sql("UPDATE account_password SET hash = :hash, memory_kib = 7168, iterations = 5 WHERE account_id = :id")
                .param("hash", weak).param("id", created.id()).update();

        assertThat(this.accounts.passwordMatches(Optional.of(created), "not the password")).isFalse();

        assertThat(this.jdbc.sql("SELECT hash FROM account_password WHERE account_id = :id")
                .param("id", created.id()).query(String.class).single()).isEqualTo(weak);
    }

    private Account create(String email, String displayName) {
        return this.accounts.create(new NewAccount(email, displayName, this.organisationId, Role.USER, PASSWORD.toCharArray()),
                "test", null);
    }

    private long auditCount() {
        return this.jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single();
    }

    private static String toFullwidth(String ascii) {
        StringBuilder fullwidth = new StringBuilder();
        ascii.chars().forEach(c -> fullwidth.append((char) (c - 0x21 + 0xFF01)));
        return fullwidth.toString();
    }
}
