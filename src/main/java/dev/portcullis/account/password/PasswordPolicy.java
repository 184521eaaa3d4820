package dev.portcullis.account.password;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;

import org.springframework.stereotype.Component;

/**
 * What a new password must be (NIST SP 800-63B-4 §3.1.1.2): long enough in code points after
 * NFKC normalisation, not absurdly long, and no composition rules. {@link #problem(CharSequence, List)}
 * also refuses passwords that are easy to guess (common, breached-style, keyboard walks, dates)
 * or built from the person's own name or email address, using zxcvbn's estimator and its
 * built-in frequency lists (§3.1.1.2: "context-specific words, such as the name of the service,
 * the username").
 */
@Component
public class PasswordPolicy {

    /** zxcvbn's scores run 0 to 4; 3 means about 10^8 or more guesses ("safely unguessable" online). */
    static final int MINIMUM_SCORE = 3;

    /**
     * Only this many code points are estimated: zxcvbn's matching grows quickly with length (a
     * 256-character input took seconds), and whatever is weak about a password shows in its start.
     */
    static final int ESTIMATED_PREFIX = 64;

    /** Parts of a name or email address at least this long must not appear in the password. */
    static final int CONTAINED_PART = 4;

    /** Words anyone would guess for this service: given to the estimator as context. */
    static final List<String> SERVICE_WORDS = List.of("nhs", "nhsmail", "nhs.net", "portcullis", "email", "password");

    static final String ADVICE = "Try 3 or more random words together";
    static final String PERSONAL = "Do not include your name or email address in your password";
    static final String SERVICE = "Avoid words linked to your work, like NHS or NHSmail. " + ADVICE;
    static final String GUESSABLE = "This password would be easy to guess. " + ADVICE;
    static final String VERY_COMMON = "This is a very common password";

    private final PasswordProperties properties;
    private final Zxcvbn estimator = new Zxcvbn();

    public PasswordPolicy(PasswordProperties properties) {
        this.properties = properties;
    }

    /**
     * The reason a password is refused, in words for the person choosing it; empty when it is
     * acceptable. Length only: callers choosing a password for a known person use
     * {@link #problem(CharSequence, List)}.
     */
    public Optional<String> problem(CharSequence password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password");
        }
        if (password.length() > properties.maxLength() * 2) {
            return Optional.of("Password must be " + properties.maxLength() + " characters or fewer");
        }
        long length = Normalizer.normalize(password, Normalizer.Form.NFKC).codePoints().count();
        if (length < properties.minLength()) {
            return Optional.of("Password must be " + properties.minLength() + " characters or more");
        }
        if (length > properties.maxLength()) {
            return Optional.of("Password must be " + properties.maxLength() + " characters or fewer");
        }
        return Optional.empty();
    }

    /**
     * The length rules, then the guessability rules for a password chosen by a known person.
     *
     * @param userContext what is known about the person: their name, their email address (whole
     *                    texts; they are split into parts here). Nulls are ignored.
     */
    public Optional<String> problem(CharSequence password, List<String> userContext) {
        Optional<String> length = problem(password);
        if (length.isPresent()) {
            return length;
        }
        String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
        String folded = fold(normalised);
        Set<String> personal = personalParts(userContext);
        for (String part : personal) {
            if (part.codePointCount(0, part.length()) >= CONTAINED_PART && folded.contains(part)) {
                return Optional.of(PERSONAL);
            }
        }
        List<String> inputs = new ArrayList<>(personal);
        inputs.addAll(SERVICE_WORDS);
        String estimated = normalised.codePointCount(0, normalised.length()) > ESTIMATED_PREFIX
                ? normalised.substring(0, normalised.offsetByCodePoints(0, ESTIMATED_PREFIX)) : normalised;
        Strength strength = estimator.measure(estimated, inputs);
        try {
            if (strength.getScore() >= MINIMUM_SCORE) {
                return Optional.empty();
            }
            return Optional.of(reason(strength, personal));
        } finally {
            strength.wipe();
        }
    }

    public int minLength() {
        return properties.minLength();
    }

    public int maxLength() {
        return properties.maxLength();
    }

    private static String reason(Strength strength, Set<String> personal) {
        for (Match match : strength.getSequence()) {
            if ("user_inputs".equals(match.dictionaryName) && match.matchedWord != null) {
                return personal.contains(match.matchedWord.toString()) ? PERSONAL : SERVICE;
            }
        }
        Feedback feedback = strength.getFeedback();
        String warning = feedback == null ? "" : feedback.getWarning(Locale.ENGLISH);
        if (warning == null || warning.isBlank()) {
            return GUESSABLE;
        }
        if (warning.contains("top-10 ") || warning.contains("top-100 ") || warning.contains("very common password")) {
            return VERY_COMMON + ". " + ADVICE;
        }
        if (warning.contains("similar to a commonly used password")) {
            return "This is too similar to a very common password. " + ADVICE;
        }
        String sentence = warning.strip();
        if (sentence.endsWith(".")) {
            sentence = sentence.substring(0, sentence.length() - 1);
        }
        return sentence + ". " + ADVICE;
    }

    /** The name and email address split into the parts people build passwords from, folded. */
    static Set<String> personalParts(List<String> userContext) {
        Set<String> parts = new LinkedHashSet<>();
        if (userContext == null) {
            return parts;
        }
        for (String text : userContext) {
            if (text == null || text.isBlank() || text.length() > 1000) {
                continue;
            }
            String folded = fold(Normalizer.normalize(text, Normalizer.Form.NFKC)).strip();
            int at = folded.indexOf('@');
            String local = at > 0 ? folded.substring(0, at) : folded;
            addPart(parts, local);
            addPart(parts, local.replaceAll("[^\\p{L}\\p{N}]+", ""));
            for (String piece : local.split("[^\\p{L}\\p{N}]+")) {
                addPart(parts, piece);
            }
        }
        return parts;
    }

    private static void addPart(Set<String> parts, String part) {
        if (part.codePointCount(0, part.length()) >= 2) {
            parts.add(part);
        }
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
