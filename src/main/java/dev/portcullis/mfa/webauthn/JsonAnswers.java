package dev.portcullis.mfa.webauthn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The JSON the WebAuthn pages' script reads: options, {@code {"redirect": path}} to go on, or
 * {@code {"error": message, "field": id}} with a 4xx status to show in the error summary.
 */
final class JsonAnswers {

    private JsonAnswers() {
    }

    static ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(CredentialJson.JSON.writeValueAsString(body));
    }

    static ResponseEntity<String> redirect(String path) {
        return ok(Map.of("redirect", path));
    }

    static ResponseEntity<String> error(HttpStatus status, String message, String field) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(CredentialJson.JSON.writeValueAsString(body));
    }

    /** Sends the script elsewhere (a step-up) with a message in case it cannot go. */
    static ResponseEntity<String> elsewhere(HttpStatus status, String message, String path) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("redirect", path);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(CredentialJson.JSON.writeValueAsString(body));
    }

    static ResponseEntity<String> answer(Outcome.Refused refused) {
        return error(HttpStatus.BAD_REQUEST, refused.message(), refused.field());
    }
}
