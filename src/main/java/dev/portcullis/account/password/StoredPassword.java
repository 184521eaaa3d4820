package dev.portcullis.account.password;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A password hash as stored: a PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash},
 * which carries its own parameters.
 */
public record StoredPassword(String hash) {

    private static final Pattern ARGON2 = Pattern.compile("^\\$(argon2id|argon2i|argon2d)\\$v=\\d+\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$.*");

    public HashParameters parameters() {
        Matcher m = ARGON2.matcher(hash);
        if (!m.matches()) {
            throw new IllegalStateException("Unrecognised password hash format");
        }
        return new HashParameters(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)));
    }

    @Override
    public String toString() {
        return "StoredPassword[redacted]";
    }
}
