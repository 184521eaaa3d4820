package dev.portcullis.directory;

/** A tenant: an organisation with an ODS-style code. */
public record Organisation(long id, String code, String name, String status) {
}
