package dev.portcullis.directory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A profile change was refused; one message per field at fault, in the form's order. Nothing was saved. */
public class InvalidProfileException extends RuntimeException {

    private final Map<ProfileField, String> problems;

    public InvalidProfileException(Map<ProfileField, String> problems) {
        super("profile change refused: " + problems.keySet());
        this.problems = Collections.unmodifiableMap(new EnumMap<>(problems));
    }

    public Map<ProfileField, String> problems() {
        return problems;
    }
}
