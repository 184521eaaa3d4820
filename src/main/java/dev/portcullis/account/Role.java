package dev.portcullis.account;

import java.util.Locale;

/** What an account may administer: nothing, its own organisation, or everything. */
public enum Role {
    USER, LOCAL_ADMIN, GLOBAL_ADMIN;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The Spring Security authority that stands for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    public boolean isAdministrator() {
        return this != USER;
    }
}
