package dev.portcullis.directory;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * People Finder: signed-in people search the directory by name, email address, organisation,
 * job title or department; every word must match somewhere, as part of a word, in any order.
 * Input is capped and checked before the database is asked, the query is parameterised, pages
 * are capped, and each account's searches are counted against a per-minute and per-day
 * allowance so the directory cannot be scraped (INP-03). Disabled accounts are never listed.
 */
@Service
public class PeopleFinder {

    /** What a search gave. */
    public sealed interface Outcome permits Page, Refused, NothingAsked {
    }

    /**
     * One page of results.
     *
     * @param people   at most a page of people, in name order
     * @param page     this page's number, from 1
     * @param hasNext  whether another page follows (and may be asked for)
     * @param lastPage whether this is the deepest page offered, so that people narrow their search
     */
    public record Page(String query, List<Person> people, int page, boolean hasPrevious, boolean hasNext,
                       boolean lastPage) implements Outcome {
    }

    /**
     * The search was not run: the input broke a rule, or the account searched too often.
     *
     * @param status the HTTP status the page should carry (400 or 429)
     */
    public record Refused(String message, int status) implements Outcome {
    }

    /** The search box was empty. */
    public record NothingAsked() implements Outcome {
    }

    static final String TOO_MANY_PER_MINUTE = "You have searched too many times in a short time. Wait a minute, then try again";
    static final String TOO_MANY_PER_DAY = "You have reached today's limit of searches. Try again tomorrow";

    private final DirectoryStore store;
    private final SearchAllowance allowance;
    private final DirectoryProperties properties;
    private final ApplicationEventPublisher events;

    PeopleFinder(DirectoryStore store, SearchAllowance allowance, DirectoryProperties properties,
                 ApplicationEventPublisher events) {
        this.store = store;
        this.allowance = allowance;
        this.properties = properties;
        this.events = events;
    }

    /**
     * @param accountId who is searching (counted against their allowance)
     * @param typed     what they typed
     * @param page      the page asked for, from 1; out-of-range numbers are brought into range
     */
    public Outcome search(long accountId, String typed, int page) {
        SearchQuery.Parsed parsed = SearchQuery.parse(typed);
        if (parsed instanceof SearchQuery.Empty) {
            return new NothingAsked();
        }
        if (parsed instanceof SearchQuery.Invalid invalid) {
            return new Refused(invalid.message(), 400);
        }
        SearchQuery query = ((SearchQuery.Valid) parsed).query();
        SearchAllowance.Decision decision = allowance.take(accountId);
        if (!decision.allowed()) {
            if (decision.firstRefusal()) {
                events.publishEvent(new SearchRefused(accountId, decision.exceeded().name().toLowerCase(java.util.Locale.ROOT)));
            }
            return new Refused(decision.exceeded() == SearchAllowance.Window.MINUTE ? TOO_MANY_PER_MINUTE : TOO_MANY_PER_DAY,
                    429);
        }
        int size = properties.pageSize();
        int number = Math.max(1, Math.min(page, properties.maxPages()));
        List<Person> found = store.search(query.likePatterns(), (number - 1) * size, size + 1);
        boolean more = found.size() > size;
        boolean last = number >= properties.maxPages();
        return new Page(String.join(" ", query.words()), more ? found.subList(0, size) : found, number, number > 1,
                more && !last, more && last);
    }

    /** An account went over its search allowance (audited once per window). Never the search words. */
    record SearchRefused(long accountId, String window) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("directory.search.limited", accountId, accountId, null, null, "window=" + window);
        }
    }
}
