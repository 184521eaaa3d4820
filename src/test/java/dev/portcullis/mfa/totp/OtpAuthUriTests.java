package dev.portcullis.mfa.totp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OtpAuthUriTests {

    @Test
    void valueWhenIssuerHasSpaceAndAccountHasAtThenMatchesKeyUriFormatExample() {
        // The Key Uri Format's own example with every optional parameter.
        byte[] seed = Base32.decode("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
        OtpAuthUri uri = OtpAuthUri.totp("ACME Co", "john.doe@email.com", seed);
        assertThat(uri.value()).isEqualTo("otpauth://totp/ACME%20Co:john.doe@email.com"
                + "?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void valueWhenSeedLengthNeedsPaddingThenSecretIsUnpadded() {
        OtpAuthUri uri = OtpAuthUri.totp("Portcullis", "alice@example.org", "foobar".getBytes());
        assertThat(uri.value()).isEqualTo("otpauth://totp/Portcullis:alice@example.org"
                + "?secret=MZXW6YTBOI&issuer=Portcullis&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void inp04_valueWhenReservedOrNonAsciiCharactersThenPercentEncodedAsUtf8WithoutPlus() {
        OtpAuthUri uri = OtpAuthUri.totp("Zoë & Co", "a+b=c/d?e#f", new byte[20]);
        assertThat(uri.value()).startsWith("otpauth://totp/Zo%C3%AB%20%26%20Co:a%2Bb%3Dc%2Fd%3Fe%23f?")
                .contains("&issuer=Zo%C3%AB%20%26%20Co&")
                .doesNotContain("+");
    }

    @Test
    void totpWhenIssuerOrAccountContainsColonThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> OtpAuthUri.totp("ACME:Co", "alice", new byte[20]));
        assertThatIllegalArgumentException().isThrownBy(() -> OtpAuthUri.totp("ACME", "alice:x", new byte[20]));
    }

    @Test
    void totpWhenIssuerOrAccountBlankThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> OtpAuthUri.totp(" ", "alice", new byte[20]));
        assertThatIllegalArgumentException().isThrownBy(() -> OtpAuthUri.totp("ACME", "", new byte[20]));
    }

    @Test
    void toStringWhenPrintedThenSecretRedacted() {
        byte[] seed = Base32.decode("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
        OtpAuthUri uri = OtpAuthUri.totp("ACME Co", "john.doe@email.com", seed);
        assertThat(uri.toString()).doesNotContain("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ").contains("redacted");
        assertThat(uri.issuer()).isEqualTo("ACME Co");
        assertThat(uri.account()).isEqualTo("john.doe@email.com");
    }
}
