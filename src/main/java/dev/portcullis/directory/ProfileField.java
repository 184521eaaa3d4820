package dev.portcullis.directory;

/**
 * The fields of a directory profile. Which of them a person may change on My Profile, and which
 * their organisation's administrator owns, is configuration ({@code portcullis.directory.user-editable}).
 */
public enum ProfileField {

    DISPLAY_NAME("displayName", "Name", 200),
    JOB_TITLE("jobTitle", "Job title", 100),
    DEPARTMENT("department", "Department", 100),
    WORK_PHONE("workPhone", "Work phone number", 40),
    PRONOUNS("pronouns", "Pronouns", 40),
    LOCATION("location", "Location or site", 100);

    private final String formName;
    private final String label;
    private final int maxLength;

    ProfileField(String formName, String label, int maxLength) {
        this.formName = formName;
        this.label = label;
        this.maxLength = maxLength;
    }

    /** The form field's name and id on My Profile. */
    public String formName() {
        return formName;
    }

    /** What the field is called on pages, as the start of a sentence. */
    public String label() {
        return label;
    }

    public int maxLength() {
        return maxLength;
    }
}
