package dev.portcullis.mfa;

/**
 * How a factor describes itself, everywhere it is listed.
 *
 * @param id                stable type id used in tables, URLs and authorities: {@code totp}, {@code sms}, ...
 * @param amr               its RFC 8176 authentication method reference ({@code otp}, {@code sms}, {@code tel}, {@code hwk}, ...)
 * @param name              what people call it, in the factsheet's words ("Authenticator app")
 * @param description       one plain sentence on what using it is like
 * @param phishingResistant whether it is bound to our origin (FIDO2), so a fake site cannot relay it
 * @param allowsSeveral     whether an account may hold more than one (security keys: yes)
 * @param recommended       marked as the recommended choice when choosing a method
 * @param renamable         whether people name each one ("Blue key on my lanyard")
 * @param order             position in lists, the factsheet's order
 */
public record FactorType(String id, String amr, String name, String description, boolean phishingResistant,
                         boolean allowsSeveral, boolean recommended, boolean renamable, int order) {

    public FactorType {
        if (id == null || !id.matches("[a-z][a-z0-9]{1,15}")) {
            throw new IllegalArgumentException("factor id must be 2 to 16 lower-case letters or digits");
        }
    }

    /** The Spring Security factor authority a session holds after proving this factor. */
    public String authority() {
        return "FACTOR_" + id.toUpperCase(java.util.Locale.ROOT);
    }
}
