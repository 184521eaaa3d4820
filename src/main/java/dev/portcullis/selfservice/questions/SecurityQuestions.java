package dev.portcullis.selfservice.questions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.password.PasswordHasher;
import dev.portcullis.account.password.StoredPassword;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;

/**
 * Security questions: three questions a person chose, with answers stored only as Argon2id
 * hashes of their normalised form (REC-04). A weak, legacy proof: the password-reset flow may
 * use them only as a second proof beside a registered MFA method, where the organisation's
 * policy allows, never alone. Every check passes the attempt regulator under its own scope
 * ({@code factor.questions}), so guesses are limited whatever else succeeds.
 */
@Service
public class SecurityQuestions {

    /** How many questions a person answers, and how many must all match. */
    public static final int COUNT = 3;

    static final ThrottleScope SCOPE = ThrottleScope.factor("questions");

    /** The outcome of a check. {@code minutesLeft} is set when paused. */
    public record Verification(Result result, long minutesLeft) {

        public boolean verified() {
            return result == Result.VERIFIED;
        }
    }

    public enum Result {
        /** All three answers matched. */
        VERIFIED,
        /** At least one did not (which one is never said). */
        REJECTED,
        /** Too many wrong tries: not checked. */
        PAUSED,
        /** The account has no security questions. */
        NOT_SET
    }

    /** One chosen question and its typed answer, as a form submits it. */
    public record Choice(String questionKey, String answer) {

        @Override
        public String toString() {
            return "Choice[" + questionKey + ", answer=[redacted]]";
        }
    }

    /** The answers were refused; one message per form field ({@code question1}, {@code answer2}, ...). */
    public static class InvalidAnswersException extends RuntimeException {

        private final Map<String, String> problems;

        InvalidAnswersException(Map<String, String> problems) {
            super("security answers refused: " + problems.keySet());
            this.problems = Map.copyOf(problems);
        }

        public Map<String, String> problems() {
            return problems;
        }
    }

    private final SecurityQuestionStore store;
    private final PasswordHasher hasher;
    private final AttemptRegulator regulator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SecurityQuestions(SecurityQuestionStore store, PasswordHasher hasher, AttemptRegulator regulator,
                      ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.regulator = regulator;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the account has a complete set of answers. */
    public boolean has(long accountId) {
        return store.find(accountId).size() == COUNT;
    }

    /** The keys of the account's questions in the order they were answered; empty when not set. */
    public List<String> questionsFor(long accountId) {
        List<SecurityQuestionStore.Stored> stored = store.find(accountId);
        return stored.size() == COUNT ? stored.stream().map(SecurityQuestionStore.Stored::questionKey).toList() : List.of();
    }

    /** The words of a question for its key, for pages that ask it. */
    public static Optional<String> text(String questionKey) {
        return SecurityQuestion.byKey(questionKey).map(SecurityQuestion::text);
    }

    /** When the account's answers were set, if they are. */
    public Optional<Instant> setAt(long accountId) {
        List<SecurityQuestionStore.Stored> stored = store.find(accountId);
        return stored.size() == COUNT ? Optional.of(stored.get(0).setAt()) : Optional.empty();
    }

    /**
     * True only when every one of the account's three questions is answered correctly, and the
     * account is not paused after too many wrong tries. Each call counts as one try.
     *
     * @param answers question key to typed answer
     */
    public boolean verify(long accountId, Map<String, String> answers) {
        return check(accountId, answers).verified();
    }

    /** As {@link #verify}, with the reason when it fails and how long a pause lasts. */
    public Verification check(long accountId, Map<String, String> answers) {
        String subject = Long.toString(accountId);
        ThrottleDecision before = regulator.check(SCOPE, subject);
        Instant now = clock.instant();
        if (!before.allowed()) {
            events.publishEvent(new SecurityAnswersChecked(accountId, Result.PAUSED));
            return new Verification(Result.PAUSED, before.minutesLeft(now));
        }
        List<SecurityQuestionStore.Stored> stored = store.find(accountId);
        if (stored.size() != COUNT) {
            // The same hashing work as a real check, so that "not set" cannot be told by timing.
            for (int i = 0; i < COUNT; i++) {
                hasher.verifyAgainstDummy("not-set");
            }
            events.publishEvent(new SecurityAnswersChecked(accountId, Result.NOT_SET));
            return new Verification(Result.NOT_SET, 0);
        }
        boolean all = true;
        for (SecurityQuestionStore.Stored answer : stored) {
            String typed = answers == null ? null : answers.get(answer.questionKey());
            String normalised = Answers.normalise(typed);
            boolean usable = normalised != null && !normalised.isEmpty()
                    && normalised.codePointCount(0, normalised.length()) <= Answers.MAX_LENGTH;
            // Every answer is checked, right or wrong, so the time taken does not say which one failed.
            boolean matches = usable ? hasher.verify(normalised, answer.hash()) : hasher.verifyAgainstDummy("missing");
            all &= matches;
        }
        if (all) {
            regulator.recordSuccess(SCOPE, subject);
            events.publishEvent(new SecurityAnswersChecked(accountId, Result.VERIFIED));
            return new Verification(Result.VERIFIED, 0);
        }
        ThrottleDecision after = regulator.recordFailure(SCOPE, subject);
        events.publishEvent(new SecurityAnswersChecked(accountId, Result.REJECTED));
        return after.allowed() ? new Verification(Result.REJECTED, 0)
                : new Verification(Result.PAUSED, after.minutesLeft(clock.instant()));
    }

    /**
     * Sets (or replaces) the account's three questions and answers. Needs a recent second factor
     * when the account has MFA: that is the caller's check.
     *
     * @throws InvalidAnswersException when a question is missing, repeated or unknown, or an
     *                                 answer is too short or too long; nothing is changed
     */
    @Transactional
    public void replace(long accountId, List<Choice> choices) {
        Map<String, String> problems = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            int position = i + 1;
            Choice choice = choices != null && i < choices.size() ? choices.get(i) : null;
            String key = choice == null ? null : choice.questionKey();
            if (key == null || key.isBlank() || SecurityQuestion.byKey(key).isEmpty()) {
                problems.put("question" + position, "Select question " + position);
            } else if (!seen.add(key)) {
                problems.put("question" + position, "Select a different question for question " + position);
            }
            String problem = Answers.problem(choice == null ? null : choice.answer(), position);
            if (problem != null) {
                problems.put("answer" + position, problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswersException(problems);
        }
        boolean replacing = !store.find(accountId).isEmpty();
        Instant now = clock.instant();
        List<SecurityQuestionStore.Stored> hashed = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            Choice choice = choices.get(i);
            StoredPassword hash = hasher.hash(Answers.normalise(choice.answer()));
            hashed.add(new SecurityQuestionStore.Stored(i + 1, choice.questionKey(), hash, now));
        }
        try {
            store.replace(accountId, hashed, now);
        } catch (DuplicateKeyException concurrent) {
            throw new IllegalStateException("security answers changed by another request at the same time", concurrent);
        }
        events.publishEvent(new SecurityQuestionsSet(accountId, replacing));
    }

    /** Removes the account's questions (an administrator's reset, or the person's choice). */
    @Transactional
    public void remove(long accountId, long actorAccountId) {
        if (!store.find(accountId).isEmpty()) {
            store.removeAll(accountId);
            events.publishEvent(new SecurityQuestionsRemoved(accountId, actorAccountId));
        }
    }

    /** The account's questions were set for the first time or replaced. Never the answers. */
    public record SecurityQuestionsSet(long accountId, boolean replaced) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry(replaced ? "selfservice.questions.replaced" : "selfservice.questions.set", accountId,
                    accountId, null, null, null);
        }
    }

    /** The account's questions were removed. */
    public record SecurityQuestionsRemoved(long accountId, long actorAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("selfservice.questions.removed", actorAccountId, accountId, null, null, null);
        }
    }

    /** Answers were checked, for the reset flow. The result only: never what was typed. */
    public record SecurityAnswersChecked(long accountId, Result result) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("selfservice.questions.checked", null, accountId, null, null,
                    "result=" + result.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
