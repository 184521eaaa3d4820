package dev.portcullis.scim;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading and writing SCIM's JSON (application/scim+json). Request bodies are read with hard
 * limits before any parsing (INP-01): at most {@link #MAX_BODY} bytes, nesting at most 16 deep,
 * no duplicate member names. Anything else is a 400 {@code invalidSyntax}, never a stack trace.
 */
@Component
class ScimJson {

    static final String MEDIA_TYPE = "application/scim+json";
    static final int MAX_BODY = 64 * 1024;
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16).maxStringLength(16 * 1024).maxNumberLength(40).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The request body as a JSON object. */
    ObjectNode readObject(InputStream body, long declaredLength) {
        if (declaredLength > MAX_BODY) {
            throw ScimException.invalidSyntax("The request body is larger than " + (MAX_BODY / 1024) + " KiB");
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw ScimException.invalidSyntax("The request body could not be read");
        }
        if (bytes.length > MAX_BODY) {
            throw ScimException.invalidSyntax("The request body is larger than " + (MAX_BODY / 1024) + " KiB");
        }
        if (bytes.length == 0) {
            throw ScimException.invalidSyntax("The request has no body: send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw ScimException.invalidSyntax("The request body is not valid JSON");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        if (node == null || !node.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    byte[] write(JsonNode node) {
        return mapper.writeValueAsBytes(node);
    }

    ObjectNode parse(String json) {
        return (ObjectNode) mapper.readTree(json);
    }

    /** RFC 7644 §3.12. */
    ObjectNode error(int status, String scimType, String detail) {
        ObjectNode error = object();
        error.putArray("schemas").add(ERROR_SCHEMA);
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", detail);
        error.put("status", Integer.toString(status));
        return error;
    }
}
