package dev.portcullis.scim;

import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.portcullis.shared.EmailAddresses;

/**
 * What SCIM can say about a user, as one mutable value: read from the account, then changed by a
 * PUT body or PATCH operations, then compared with what was there to decide which services to
 * call. Attribute names are matched without regard to case (RFC 7643 §2.1).
 */
final class ScimUserState {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    String userName;
    String displayName;
    String givenName;
    String familyName;
    String title;
    String department;
    String externalId;
    boolean active = true;
    /** Organisation code as the client gave it; null when not given. */
    String organisationCode;

    ScimUserState copy() {
        ScimUserState c = new ScimUserState();
        c.userName = userName;
        c.displayName = displayName;
        c.givenName = givenName;
        c.familyName = familyName;
        c.title = title;
        c.department = department;
        c.externalId = externalId;
        c.active = active;
        c.organisationCode = organisationCode;
        return c;
    }

    /**
     * A whole User resource (POST, PUT): every attribute SCIM may write is taken from the body;
     * optional ones left out are cleared, as a replace demands (RFC 7644 §3.5.1). Read-only ones
     * (id, meta, groups) are ignored; a password is refused, because nobody sets another person's
     * password here (ADM-02).
     */
    static ScimUserState fromResource(ObjectNode body, ScimUserState base) {
        requireSchema(body, USER_SCHEMA);
        if (member(body, "password") != null) {
            throw ScimException.invalidValue("Passwords are not accepted: people set their own through an emailed link");
        }
        ScimUserState state = base == null ? new ScimUserState() : base.copy();
        state.userName = text(body, "userName");
        if (state.userName == null) {
            throw ScimException.invalidValue("userName is required: the person's email address");
        }
        state.externalId = text(body, "externalId");
        state.title = text(body, "title");
        JsonNode name = member(body, "name");
        state.givenName = null;
        state.familyName = null;
        String formatted = null;
        if (name != null && !name.isNull()) {
            if (!name.isObject()) {
                throw ScimException.invalidValue("name must be an object");
            }
            state.givenName = text((ObjectNode) name, "givenName");
            state.familyName = text((ObjectNode) name, "familyName");
            formatted = text((ObjectNode) name, "formatted");
        }
        String displayName = text(body, "displayName");
        state.displayName = firstOf(displayName, formatted, join(state.givenName, state.familyName),
                base == null ? state.userName : base.displayName);
        JsonNode active = member(body, "active");
        if (active != null && !active.isNull()) {
            state.active = bool(active, "active");
        }
        checkEmails(member(body, "emails"), state.userName);
        JsonNode enterprise = member(body, ENTERPRISE_SCHEMA);
        state.department = null;
        if (enterprise != null && !enterprise.isNull()) {
            if (!enterprise.isObject()) {
                throw ScimException.invalidValue(ENTERPRISE_SCHEMA + " must be an object");
            }
            state.department = text((ObjectNode) enterprise, "department");
            String organisation = text((ObjectNode) enterprise, "organization");
            if (organisation != null) {
                state.organisationCode = organisation;
            }
        }
        return state;
    }

    /** An account has exactly one email address, its userName: emails may only repeat it. */
    static void checkEmails(JsonNode emails, String userName) {
        if (emails == null || emails.isNull()) {
            return;
        }
        if (!emails.isArray()) {
            throw ScimException.invalidValue("emails must be an array");
        }
        String canonical = EmailAddresses.canonical(userName);
        for (JsonNode email : emails) {
            JsonNode value = email.isObject() ? member((ObjectNode) email, "value") : null;
            if (value == null || !value.isString()) {
                throw ScimException.invalidValue("Each of emails needs a value");
            }
            String given = EmailAddresses.canonical(value.stringValue());
            if (given == null || !given.equals(canonical)) {
                throw ScimException.invalidValue("emails may only contain the userName: an account has one email address");
            }
        }
    }

    static void requireSchema(ObjectNode body, String schema) {
        JsonNode schemas = member(body, "schemas");
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                if (s.isString() && s.stringValue().equalsIgnoreCase(schema)) {
                    return;
                }
            }
        }
        throw ScimException.invalidValue("schemas must include " + schema);
    }

    /** A member of an object by name, ignoring case. */
    static JsonNode member(ObjectNode object, String name) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** A string member, stripped; null when absent, null or blank. */
    static String text(ObjectNode object, String name) {
        JsonNode value = member(object, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ScimException.invalidValue(name + " must be a string");
        }
        String text = value.stringValue().strip();
        return text.isEmpty() ? null : text;
    }

    /** A boolean; the strings "true" and "false" are accepted too, as some directories send them. */
    static boolean bool(JsonNode value, String name) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            String text = value.stringValue().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        throw ScimException.invalidValue(name + " must be true or false");
    }

    static String join(String given, String family) {
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        return joined.isEmpty() ? null : joined;
    }

    static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
