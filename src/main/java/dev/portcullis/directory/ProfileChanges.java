package dev.portcullis.directory;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a person (or an administrator) submitted for a profile: one text per field, as typed.
 * Fields left out are not changed; a blank text clears an optional field.
 */
public record ProfileChanges(Map<ProfileField, String> values) {

    public ProfileChanges {
        values = values == null || values.isEmpty() ? new EnumMap<>(ProfileField.class) : new EnumMap<>(values);
    }

    public static ProfileChanges of(Map<ProfileField, String> values) {
        return new ProfileChanges(values);
    }

    public boolean has(ProfileField field) {
        return values.containsKey(field);
    }

    public String get(ProfileField field) {
        return values.get(field);
    }
}
