package dev.portcullis.account;

/** Where an account stands. Stored as the lower-case name. */
public enum AccountStatus {
    ACTIVE, LOCKED, LEAVER_NOMINATED, DISABLED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AccountStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether a person in this state may sign in at all. */
    public boolean maySignIn() {
        return this == ACTIVE || this == LEAVER_NOMINATED;
    }
}
