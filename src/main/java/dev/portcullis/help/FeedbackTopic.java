package dev.portcullis.help;

import java.util.Arrays;
import java.util.Optional;

/** The fixed list of things feedback can be about; the id is what the form sends and the table keeps. */
enum FeedbackTopic {
    SETTING_UP("setting-up", "Setting up a sign-in method"),
    SIGNING_IN("signing-in", "Signing in"),
    TEXT_OR_CALL("text-or-call", "Text messages or phone calls"),
    SECURITY_KEY("security-key", "Security keys"),
    RECOVERY_CODES("recovery-codes", "Recovery codes"),
    ACCESSIBILITY("accessibility", "Accessibility"),
    OTHER("other", "Something else");

    private final String id;
    private final String label;

    FeedbackTopic(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    static Optional<FeedbackTopic> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    /** The label for a stored id; an id from an older list is shown as it is. */
    static String labelOf(String id) {
        return byId(id).map(FeedbackTopic::label).orElse(id);
    }
}
