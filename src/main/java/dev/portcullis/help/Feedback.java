package dev.portcullis.help;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.shared.EmailAddresses;

/**
 * Feeding back: checks what was typed, keeps within each account's allowance, and stores the
 * message for the global administrators. Anything wrong changes nothing.
 */
@Service
class Feedback {

    static final int MAX_MESSAGE = 2000;

    /** The outcome: stored, or the problems found per field (in the form's order), or over the allowance. */
    record Result(boolean sent, Map<String, String> problems, boolean limited) {
        static Result ok() {
            return new Result(true, Map.of(), false);
        }
    }

    private final FeedbackStore store;
    private final FeedbackProperties properties;
    private final Clock clock;

    Feedback(FeedbackStore store, FeedbackProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    Result send(long accountId, FeedbackForm form) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (FeedbackTopic.byId(form.topic()).isEmpty()) {
            problems.put("topic", "Select what your feedback is about");
        }
        String message = clean(form.message());
        if (message.isEmpty()) {
            problems.put("message", "Enter your feedback");
        } else if (message.length() > MAX_MESSAGE) {
            problems.put("message", "Your feedback must be 2,000 characters or fewer");
        }
        String contact = form.contact().strip();
        if (!contact.isEmpty() && (contact.length() > EmailAddresses.MAX_LENGTH || !EmailAddresses.isValid(contact))) {
            problems.put("contact", "Enter an email address in the correct format, like name@example.nhs.uk");
        }
        if (!problems.isEmpty()) {
            return new Result(false, problems, false);
        }
        store.lockSender(accountId);
        Instant now = clock.instant();
        if (store.countSince(accountId, now.minus(Duration.ofHours(1))) >= properties.perHour()
                || store.countSince(accountId, now.minus(Duration.ofDays(1))) >= properties.perDay()) {
            return new Result(false, Map.of(), true);
        }
        store.insert(accountId, now, form.topic(), message, contact.isEmpty() ? null : contact);
        return Result.ok();
    }

    /**
     * Trims the message and drops control characters other than line breaks and tabs: they mean
     * nothing to a reader, and PostgreSQL refuses a NUL in text.
     */
    static String clean(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints()
                .filter(c -> c == '\n' || c == '\r' || c == '\t' || !Character.isISOControl(c))
                .forEach(kept::appendCodePoint);
        return kept.toString().strip();
    }
}
