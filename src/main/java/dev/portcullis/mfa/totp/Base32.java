package dev.portcullis.mfa.totp;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * RFC 4648 §6 Base32, the alphabet authenticator apps expect for TOTP seeds. Encoding is upper
 * case without padding (the Key Uri Format asks for none); decoding forgives what people type:
 * lower case, spaces and padding.
 */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
            VALUES[Character.toLowerCase(ALPHABET[i])] = i;
        }
    }

    private Base32() {
    }

    /** RFC 4648 §6: 5-bit groups, most significant first; the final quantum zero-filled, unpadded. */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /**
     * Decodes RFC 4648 §6 Base32, ignoring case, whitespace and trailing '=' padding.
     *
     * @throws IllegalArgumentException for characters outside the alphabet, padding that is not
     *         at the end, a length no encoder produces, or non-zero leftover bits (RFC 4648 §3.5
     *         lets decoders refuse those; refusing catches typing mistakes)
     */
    public static byte[] decode(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder symbols = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                symbols.append(c);
            }
        }
        int end = symbols.length();
        while (end > 0 && symbols.charAt(end - 1) == '=') {
            end--;
        }
        // RFC 4648 §6: a final quantum has 2, 4, 5 or 7 symbols; 1, 3 or 6 cannot come from whole bytes.
        int partial = end % 8;
        if (partial == 1 || partial == 3 || partial == 6) {
            throw new IllegalArgumentException("Not valid Base32: wrong length");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            char c = symbols.charAt(i);
            int value = c < VALUES.length ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException("Not valid Base32: unexpected character at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("Not valid Base32: non-zero trailing bits");
        }
        return out.toByteArray();
    }

    /** Groups of four separated by spaces, for typing a seed by hand ("JBSW Y3DP EHPK 3PXP"). */
    public static String grouped(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        for (int i = 0; i < text.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(' ');
            }
            out.append(text.charAt(i));
        }
        return out.toString();
    }
}
