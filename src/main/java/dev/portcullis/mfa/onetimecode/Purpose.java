package dev.portcullis.mfa.onetimecode;

/** What a code was sent for: a code sent to prove a new number never signs anyone in (OOB-01). */
public enum Purpose {

    /** proving a number while adding or changing it; the code row carries the number */
    ENROLL("enroll"),
    /** the second step of sign-in, or a step-up by a signed-in person */
    SIGNIN("signin");

    private final String dbValue;

    Purpose(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }
}
