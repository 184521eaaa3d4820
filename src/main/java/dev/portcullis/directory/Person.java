package dev.portcullis.directory;

/** One People Finder result: directory fields only, never the account's status, role or id. */
public record Person(String displayName, String email, String organisationName, String jobTitle, String department,
                     String workPhone, String pronouns, String location) {
}
