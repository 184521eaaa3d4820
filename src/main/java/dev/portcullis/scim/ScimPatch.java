package dev.portcullis.scim;

import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.portcullis.shared.EmailAddresses;

/**
 * PATCH on a User (RFC 7644 §3.5.2): add, replace and remove operations applied one after
 * another to a {@link ScimUserState}; the caller saves the result only when every operation
 * applied, so a PATCH changes all or nothing.
 */
final class ScimPatch {

    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final int MAX_OPERATIONS = 100;

    private ScimPatch() {
    }

    static void apply(ObjectNode body, ScimUserState state) {
        ScimUserState.requireSchema(body, PATCH_SCHEMA);
        JsonNode operations = ScimUserState.member(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidValue("Operations must be a non-empty array");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw ScimException.invalidValue("At most " + MAX_OPERATIONS + " operations in one PATCH");
        }
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw ScimException.invalidValue("Each operation must be an object");
            }
            ObjectNode op = (ObjectNode) operation;
            String kind = ScimUserState.text(op, "op");
            String path = ScimUserState.text(op, "path");
            JsonNode value = ScimUserState.member(op, "value");
            switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
                case "add", "replace" -> {
                    if (value == null) {
                        throw ScimException.invalidValue("An " + kind + " operation needs a value");
                    }
                    if (path == null) {
                        if (!value.isObject()) {
                            throw ScimException.invalidValue("Without a path, the value must be an object of attributes");
                        }
                        for (Map.Entry<String, JsonNode> member : value.properties()) {
                            if (!member.getKey().equalsIgnoreCase("schemas")) {
                                set(state, member.getKey(), member.getValue());
                            }
                        }
                    } else {
                        set(state, path, value);
                    }
                }
                case "remove" -> {
                    if (path == null) {
                        throw new ScimException(400, "noTarget", "A remove operation needs a path");
                    }
                    remove(state, path);
                }
                default -> throw ScimException.invalidValue("op must be add, replace or remove");
            }
        }
    }

    private static void set(ScimUserState state, String path, JsonNode value) {
        String name = ScimUserQuery.attributeName(path);
        if (name.startsWith("emails")) {
            checkEmails(state, value);
            return;
        }
        if (ScimFilter.normalise(path).equals(ScimUserQuery.ENTERPRISE.substring(0, ScimUserQuery.ENTERPRISE.length() - 1))) {
            if (!value.isObject()) {
                throw ScimException.invalidValue(path + " must be an object");
            }
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                set(state, ScimUserQuery.ENTERPRISE + member.getKey(), member.getValue());
            }
            return;
        }
        switch (name) {
            case "active" -> state.active = ScimUserState.bool(value, "active");
            case "displayname", "name.formatted" -> {
                String text = string(value, path);
                if (text == null) {
                    throw ScimException.invalidValue("displayName cannot be empty");
                }
                state.displayName = text;
            }
            case "name.givenname" -> state.givenName = string(value, path);
            case "name.familyname" -> state.familyName = string(value, path);
            case "name" -> {
                if (!value.isObject()) {
                    throw ScimException.invalidValue("name must be an object");
                }
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    set(state, "name." + member.getKey(), member.getValue());
                }
            }
            case "title" -> state.title = string(value, path);
            case "department" -> state.department = string(value, path);
            case "externalid" -> state.externalId = string(value, path);
            case "organization" -> {
                String code = string(value, path);
                if (code == null) {
                    throw ScimException.invalidValue("organization cannot be empty");
                }
                state.organisationCode = code;
            }
            case "username" -> {
                String given = string(value, path);
                String canonical = given == null ? null : EmailAddresses.canonical(given);
                if (canonical == null || !canonical.equals(EmailAddresses.canonical(state.userName))) {
                    throw ScimException.mutability("userName cannot be changed: it is the account's email address and sign-in name");
                }
            }
            case "id", "meta", "groups" -> throw ScimException.mutability(path + " is read-only");
            default -> throw ScimException.invalidPath("\"" + shorten(path) + "\" is not an attribute that can be changed");
        }
    }

    private static void remove(ScimUserState state, String path) {
        switch (ScimUserQuery.attributeName(path)) {
            case "title" -> state.title = null;
            case "department" -> state.department = null;
            case "externalid" -> state.externalId = null;
            case "name.givenname" -> state.givenName = null;
            case "name.familyname" -> state.familyName = null;
            case "active", "displayname", "name.formatted", "username", "organization", "id", "meta", "groups" ->
                    throw ScimException.mutability(path + " cannot be removed");
            default -> {
                if (ScimUserQuery.attributeName(path).startsWith("emails")) {
                    throw ScimException.mutability("emails cannot be removed: the email address is the account's sign-in name");
                }
                throw ScimException.invalidPath("\"" + shorten(path) + "\" is not an attribute that can be removed");
            }
        }
    }

    /** emails, emails.value or emails[type eq "work"].value: only ever the userName itself. */
    private static void checkEmails(ScimUserState state, JsonNode value) {
        if (value.isArray()) {
            ScimUserState.checkEmails(value, state.userName);
            return;
        }
        JsonNode address = value.isObject() ? ScimUserState.member((ObjectNode) value, "value") : value;
        String given = address != null && address.isString() ? EmailAddresses.canonical(address.stringValue()) : null;
        if (given == null || !given.equals(EmailAddresses.canonical(state.userName))) {
            throw ScimException.mutability("The email address cannot be changed: it is the account's sign-in name");
        }
    }

    private static String string(JsonNode value, String path) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ScimException.invalidValue(path + " must be a string");
        }
        String text = value.stringValue().strip();
        return text.isEmpty() ? null : text;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
