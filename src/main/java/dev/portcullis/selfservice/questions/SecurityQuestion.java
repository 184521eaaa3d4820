package dev.portcullis.selfservice.questions;

import java.util.Arrays;
import java.util.Optional;

/**
 * The questions people choose from. Stored by key; the text may be reworded without touching
 * stored answers. Questions whose answers are short lists (car makes, colours) or public
 * (mother's maiden name) are left out.
 */
public enum SecurityQuestion {

    FIRST_SCHOOL("first-school", "What was the name of your first school?"),
    CHILDHOOD_STREET("childhood-street", "What was the name of the street you lived on as a child?"),
    FIRST_PET("first-pet", "What was the name of your first pet?"),
    CHILDHOOD_FRIEND("childhood-friend", "What was the first name of your best friend as a child?"),
    FIRST_JOB("first-job", "What was your first job?"),
    FIRST_CONCERT("first-concert", "Who did you see at the first concert you went to?"),
    FAVOURITE_TEACHER("favourite-teacher", "What was the surname of your favourite teacher?"),
    GRANDPARENT_TOWN("grandparent-town", "In which town or village did one of your grandparents live?"),
    FIRST_HOLIDAY("first-holiday", "Where did you go on your first holiday without your family?"),
    CHILDHOOD_BOOK("childhood-book", "What was your favourite book as a child?");

    private final String key;
    private final String text;

    SecurityQuestion(String key, String text) {
        this.key = key;
        this.text = text;
    }

    public String key() {
        return key;
    }

    public String text() {
        return text;
    }

    public static Optional<SecurityQuestion> byKey(String key) {
        return Arrays.stream(values()).filter(q -> q.key.equals(key)).findFirst();
    }
}
