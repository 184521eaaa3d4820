package dev.portcullis.scim;

/**
 * A SCIM error response (RFC 7644 §3.12): the HTTP status, the {@code scimType} where the RFC
 * defines one for it, and a detail for the client's operator. Never carries a stack trace or
 * anything the token may not see.
 */
class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;

    ScimException(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    int status() {
        return status;
    }

    String scimType() {
        return scimType;
    }

    static ScimException notFound(String what) {
        return new ScimException(404, null, what + " not found");
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    static ScimException forbidden(String detail) {
        return new ScimException(403, null, detail);
    }
}
