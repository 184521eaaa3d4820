package dev.portcullis.directory;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountCreated;
import dev.portcullis.account.AccountService;

/**
 * Directory profiles, for My Profile, administrators and People Finder. The name, email address
 * and organisation come from the account; the other fields live in the directory's own table,
 * together with the folded search text that is rebuilt on every change of any of them.
 */
@Service
public class DirectoryService {

    private static final Logger log = LoggerFactory.getLogger(DirectoryService.class);
    private static final int INDEX_BATCH = 500;

    private final DirectoryStore store;
    private final AccountService accounts;
    private final OrganisationService organisations;
    private final DirectoryProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DirectoryService(DirectoryStore store, AccountService accounts, OrganisationService organisations,
                     DirectoryProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.organisations = organisations;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    public Optional<Profile> profile(long accountId) {
        return accounts.findById(accountId).map(account -> {
            Organisation organisation = organisations.findById(account.organisationId()).orElse(null);
            DirectoryStore.Entry entry = store.find(accountId).orElse(DirectoryStore.Entry.empty(accountId));
            return new Profile(accountId, account.displayName(), account.email(), account.organisationId(),
                    organisation == null ? null : organisation.name(), organisation == null ? null : organisation.code(),
                    entry.jobTitle(), entry.department(), entry.workPhone(), entry.pronouns(), entry.location());
        });
    }

    /** The fields people change themselves; the others are their administrator's. */
    public Set<ProfileField> userEditable() {
        Set<ProfileField> editable = EnumSet.noneOf(ProfileField.class);
        editable.addAll(properties.userEditable());
        return editable;
    }

    /**
     * My Profile: a person changes their own entry. Only the user-editable fields are looked at;
     * anything else in the submission (a tampered form) is ignored.
     *
     * @return the fields that changed
     * @throws InvalidProfileException with a message per field at fault; nothing is saved
     */
    @Transactional
    public Set<ProfileField> updateOwnProfile(long accountId, ProfileChanges changes) {
        Map<ProfileField, String> allowed = new EnumMap<>(ProfileField.class);
        for (ProfileField field : properties.userEditable()) {
            if (changes.has(field)) {
                allowed.put(field, changes.get(field));
            }
        }
        return update(accountId, new ProfileChanges(allowed), accountId);
    }

    /**
     * An administrator changes any field of an entry. Whether the administrator may touch this
     * account is the caller's check.
     */
    @Transactional
    public Set<ProfileField> updateProfile(long accountId, ProfileChanges changes, long actorAccountId) {
        return update(accountId, changes, actorAccountId);
    }

    private Set<ProfileField> update(long accountId, ProfileChanges changes, long actorAccountId) {
        Profile current = profile(accountId).orElseThrow(() -> new IllegalArgumentException("no such account"));
        Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
        Map<ProfileField, String> problems = new EnumMap<>(ProfileField.class);
        for (ProfileField field : ProfileField.values()) {
            if (!changes.has(field)) {
                continue;
            }
            ProfileRules.Checked checked = ProfileRules.check(field, changes.get(field));
            if (checked.problem() != null) {
                problems.put(field, checked.problem());
            } else {
                values.put(field, checked.value());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(problems);
        }
        Set<ProfileField> changed = EnumSet.noneOf(ProfileField.class);
        values.forEach((field, value) -> {
            if (!Objects.equals(current.value(field), value)) {
                changed.add(field);
            }
        });
        if (changed.isEmpty()) {
            return changed;
        }
        if (changed.contains(ProfileField.DISPLAY_NAME)) {
            accounts.changeDisplayName(accountId, values.get(ProfileField.DISPLAY_NAME), actorAccountId);
        }
        DirectoryStore.Entry entry = new DirectoryStore.Entry(accountId,
                pick(values, ProfileField.JOB_TITLE, current.jobTitle()),
                pick(values, ProfileField.DEPARTMENT, current.department()),
                pick(values, ProfileField.WORK_PHONE, current.workPhone()),
                pick(values, ProfileField.PRONOUNS, current.pronouns()),
                pick(values, ProfileField.LOCATION, current.location()));
        String name = pick(values, ProfileField.DISPLAY_NAME, current.displayName());
        save(entry, name, current.email(), current.organisationName(), current.organisationCode());
        events.publishEvent(new ProfileChanged(accountId, current.organisationId(), changed, actorAccountId));
        return changed;
    }

    /** Rebuilds one account's search text from its current name, email address and organisation. */
    @Transactional
    public void reindex(long accountId) {
        Optional<Account> account = accounts.findById(accountId);
        if (account.isEmpty()) {
            return;
        }
        Organisation organisation = organisations.findById(account.get().organisationId()).orElse(null);
        DirectoryStore.Entry entry = store.find(accountId).orElse(DirectoryStore.Entry.empty(accountId));
        save(entry, account.get().displayName(), account.get().email(),
                organisation == null ? null : organisation.name(), organisation == null ? null : organisation.code());
    }

    /** After an organisation is renamed or its code changes: every member's search text. */
    @Transactional
    public void reindexOrganisation(long organisationId) {
        for (Long accountId : store.accountsOf(organisationId)) {
            reindex(accountId);
        }
    }

    /**
     * Gives every account without a directory entry one (accounts that existed before the
     * directory, or were loaded in bulk). Safe on several nodes at once: an entry another node
     * wrote first is skipped.
     *
     * @return how many entries were written
     */
    public int indexMissing() {
        int written = 0;
        for (int round = 0; round < 100_000; round++) {
            List<DirectoryStore.Unindexed> batch = store.unindexed(INDEX_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (DirectoryStore.Unindexed account : batch) {
                try {
                    save(DirectoryStore.Entry.empty(account.accountId()), account.displayName(), account.email(),
                            account.organisationName(), account.organisationCode());
                    written++;
                } catch (DuplicateKeyException raced) {
                    // another node indexed it first
                }
            }
        }
        return written;
    }

    @EventListener(ApplicationReadyEvent.class)
    void indexMissingAtStart() {
        int written = indexMissing();
        if (written > 0) {
            log.info("Directory: indexed {} accounts that had no directory entry", written);
        }
    }

    @EventListener
    void on(AccountCreated created) {
        reindex(created.accountId());
    }

    @EventListener
    void on(AccountService.DisplayNameChanged changed) {
        reindex(changed.accountId());
    }

    /** A joiner moved to another organisation: its name is part of the search text. */
    @EventListener
    void on(AccountAdministration.AccountMoved moved) {
        reindex(moved.accountId());
    }

    private void save(DirectoryStore.Entry entry, String displayName, String email, String organisationName,
                      String organisationCode) {
        String sortName = SearchText.fold(displayName);
        if (sortName.length() > ProfileField.DISPLAY_NAME.maxLength()) {
            sortName = sortName.substring(0, ProfileField.DISPLAY_NAME.maxLength());
        }
        String searchText = SearchText.of(displayName, email, organisationName, organisationCode, entry.jobTitle(),
                entry.department());
        store.save(entry, sortName, searchText, clock.instant());
    }

    private static String pick(Map<ProfileField, String> values, ProfileField field, String current) {
        return values.containsKey(field) ? values.get(field) : current;
    }
}
