package dev.portcullis.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The provisioning URI an authenticator app reads from the enrolment QR code, in Google's Key
 * Uri Format: {@code otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}.
 * It carries the seed, so {@link #toString()} leaves it out; use {@link #value()} for the QR code.
 */
public final class OtpAuthUri {

    private final String issuer;

    private final String account;

    private final String value;

    private OtpAuthUri(String issuer, String account, String value) {
        this.issuer = issuer;
        this.account = account;
        this.value = value;
    }

    /**
     * A TOTP provisioning URI for our parameters (SHA1, 6 digits, 30 seconds). The issuer is
     * both the label prefix and the {@code issuer} parameter, as the format recommends.
     *
     * @throws IllegalArgumentException if issuer or account is blank or contains a colon (the
     *         format forbids one in either, since it separates them in the label)
     */
    public static OtpAuthUri totp(String issuer, String account, byte[] seed) {
        requireLabelPart("issuer", issuer);
        requireLabelPart("account", account);
        Objects.requireNonNull(seed, "seed");
        if (seed.length == 0) {
            throw new IllegalArgumentException("seed must not be empty");
        }
        String encodedIssuer = percentEncode(issuer);
        String value = "otpauth://totp/" + encodedIssuer + ":" + percentEncode(account)
                + "?secret=" + Base32.encode(seed) // unpadded, as the format asks
                + "&issuer=" + encodedIssuer
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new OtpAuthUri(issuer, account, value);
    }

    public String issuer() {
        return this.issuer;
    }

    public String account() {
        return this.account;
    }

    /** The whole URI, secret included: for the QR code only, never for a log. */
    public String value() {
        return this.value;
    }

    @Override
    public String toString() {
        return "OtpAuthUri[issuer=" + this.issuer + ", account=" + this.account + ", secret=(redacted)]";
    }

    private static void requireLabelPart(String name, String part) {
        Objects.requireNonNull(part, name);
        if (part.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (part.indexOf(':') >= 0) {
            throw new IllegalArgumentException(name + " must not contain a colon");
        }
    }

    /**
     * RFC 3986 §2.1 percent-encoding of UTF-8 bytes, keeping the unreserved set (§2.3) and '@',
     * which §3.3 allows in a path segment and §3.4 in a query, so an email address reads as in
     * the format's own example. Unlike form encoding, a space becomes %20, never '+'.
     */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3 / 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
                out.append((char) c);
            }
            else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
