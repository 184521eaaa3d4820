package dev.portcullis.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuditEntryTests {

    @Test
    void inp04_detailWithLineBreaksThenKeptOnOneLine() {
        AuditEntry entry = new AuditEntry("signin.password.refused", null, null, null, "192.0.2.1",
                "reason=unknown account email=x@y.example\n2026-01-01 audit type=account.created forged");

        assertThat(entry.detail()).doesNotContain("\n").doesNotContain("\r")
                .isEqualTo("reason=unknown account email=x@y.example 2026-01-01 audit type=account.created forged");
    }

    @Test
    void inp04_controlCharactersThenReplaced() {
        AuditEntry entry = new AuditEntry("t", null, null, null, "192.0.2.1\r\n", "a\tb\u0000c\u001bd");

        assertThat(entry.detail()).isEqualTo("a b c d");
        assertThat(entry.sourceIp()).isEqualTo("192.0.2.1  ");
    }

    @Test
    void detailWhenLongerThanColumnThenCut() {
        AuditEntry entry = new AuditEntry("t", null, null, null, "x".repeat(100), "d".repeat(5000));

        assertThat(entry.detail()).hasSize(1000);
        assertThat(entry.sourceIp()).hasSize(64);
    }

    @Test
    void typeWhenBlankOrTooLongThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AuditEntry(" ", null, null, null, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new AuditEntry("t".repeat(65), null, null, null, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new AuditEntry(null, null, null, null, null, null));
    }

    @Test
    void nullDetailAndAddressThenKeptNull() {
        AuditEntry entry = new AuditEntry("t", 1L, 2L, 3L, null, null);

        assertThat(entry.detail()).isNull();
        assertThat(entry.sourceIp()).isNull();
    }
}
