package dev.portcullis.directory;

/**
 * One person's directory entry as My Profile shows it: what others see in People Finder. The
 * optional fields are null when not given.
 */
public record Profile(long accountId, String displayName, String email, long organisationId, String organisationName,
                      String organisationCode, String jobTitle, String department, String workPhone, String pronouns,
                      String location) {

    /** The value of one field, for pages that list fields generically. */
    public String value(ProfileField field) {
        return switch (field) {
            case DISPLAY_NAME -> displayName;
            case JOB_TITLE -> jobTitle;
            case DEPARTMENT -> department;
            case WORK_PHONE -> workPhone;
            case PRONOUNS -> pronouns;
            case LOCATION -> location;
        };
    }
}
