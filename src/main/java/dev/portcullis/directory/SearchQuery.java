package dev.portcullis.directory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person typed into People Finder, checked and cut into words (INP-03): at most
 * {@value #MAX_LENGTH} characters and {@value #MAX_WORDS} words; each word matches anywhere in
 * a name, email address, organisation, job title or department, in any order. Single letters
 * are dropped when longer words are given (they would match almost everyone).
 */
record SearchQuery(List<String> words) {

    static final int MAX_LENGTH = 100;
    static final int MAX_WORDS = 5;
    static final int MIN_WORD = 2;

    static final String TOO_LONG = "Search must be " + MAX_LENGTH + " characters or fewer";
    static final String TOO_MANY_WORDS = "Enter " + MAX_WORDS + " words or fewer";
    static final String TOO_SHORT = "Enter at least " + MIN_WORD + " letters of a name, email address, organisation or job title";

    SearchQuery {
        words = List.copyOf(words);
    }

    /** The outcome of reading the search box: a query, a problem to show, or nothing to search for. */
    sealed interface Parsed permits Valid, Invalid, Empty {
    }

    record Valid(SearchQuery query) implements Parsed {
    }

    record Invalid(String message) implements Parsed {
    }

    record Empty() implements Parsed {
    }

    static Parsed parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return new Empty();
        }
        if (typed.length() > MAX_LENGTH) {
            return new Invalid(TOO_LONG);
        }
        String folded = SearchText.fold(typed);
        if (folded.isEmpty()) {
            return new Empty();
        }
        String[] pieces = folded.split(" ");
        if (pieces.length > MAX_WORDS) {
            return new Invalid(TOO_MANY_WORDS);
        }
        List<String> words = new ArrayList<>();
        for (String piece : pieces) {
            if (piece.codePointCount(0, piece.length()) >= MIN_WORD && !words.contains(piece)) {
                words.add(piece);
            }
        }
        // A word inside another word adds nothing: "smi smith" is "smith".
        words.removeIf(word -> words.stream().anyMatch(other -> !other.equals(word) && other.contains(word)));
        if (words.isEmpty()) {
            return new Invalid(TOO_SHORT);
        }
        return new Valid(new SearchQuery(words));
    }

    /** One {@code LIKE} pattern per word, with the pattern characters escaped ({@code ESCAPE '\'}). */
    List<String> likePatterns() {
        List<String> patterns = new ArrayList<>(words.size());
        for (String word : words) {
            patterns.add("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return patterns;
    }
}
