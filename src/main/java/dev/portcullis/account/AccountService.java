package dev.portcullis.account;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.password.PasswordHasher;
import dev.portcullis.account.password.PasswordPolicy;
import dev.portcullis.account.password.StoredPassword;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.shared.EmailAddresses;

/** Accounts and their passwords, for the other modules. */
@Service
public class AccountService {

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AccountService(AccountStore store, PasswordHasher hasher, PasswordPolicy policy,
                   ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
    }

    public long count() {
        return store.count();
    }

    public Optional<Account> findById(long id) {
        return store.findById(id);
    }

    /** The account with this email address in any case or compatibility form. */
    public Optional<Account> findByEmail(String email) {
        String canonical = EmailAddresses.canonical(email);
        return canonical == null ? Optional.empty() : store.findByCanonicalEmail(canonical);
    }

    /**
     * Creates an account; the password, when given, must satisfy the policy. Validation
     * happens before anything is written, and the insert and its audit line are one transaction.
     */
    @Transactional
    public Account create(NewAccount request, String how, Long actorAccountId) {
        try {
            String canonical = EmailAddresses.canonical(request.email());
            if (canonical == null) {
                throw new InvalidAccountException("email", "Enter an email address in the correct format, like name@example.nhs.uk");
            }
            String name = request.displayName() == null ? "" : request.displayName().strip();
            if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidAccountException("displayName", "Enter a name of 200 characters or fewer");
            }
            StoredPassword password = null;
            if (request.password() != null) {
                String text = new String(request.password());
                var problem = policy.problem(text);
                if (problem.isPresent()) {
                    throw new InvalidAccountException("password", problem.get());
                }
                password = hasher.hash(text);
            }
            if (store.findByCanonicalEmail(canonical).isPresent()) {
                throw new InvalidAccountException("email", "An account with this email address already exists");
            }
            long id;
            try {
                id = store.insert(request.email().strip(), canonical, name, request.organisationId(), request.role(),
                        AccountStatus.ACTIVE, clock.instant());
            } catch (DuplicateKeyException e) {
                throw new InvalidAccountException("email", "An account with this email address already exists");
            }
            if (password != null) {
                store.savePassword(id, password, clock.instant());
            }
            events.publishEvent(new AccountCreated(id, request.organisationId(), request.role(), how, actorAccountId));
            return store.findById(id).orElseThrow();
        } finally {
            if (request.password() != null) {
                Arrays.fill(request.password(), '\0');
            }
        }
    }

    /**
     * Checks a password for the sign-in step. Unknown accounts and accounts without a password
     * cost the same hashing work. A correct password stored with weaker parameters than the
     * configured ones is re-hashed on the spot.
     */
    public boolean passwordMatches(Optional<Account> account, String password) {
        if (account.isEmpty()) {
            return hasher.verifyAgainstDummy(password);
        }
        long id = account.get().id();
        Optional<StoredPassword> stored = store.findPassword(id);
        if (stored.isEmpty()) {
            return hasher.verifyAgainstDummy(password);
        }
        boolean matches = hasher.verify(password, stored.get());
        if (matches && hasher.needsUpgrade(stored.get())) {
            store.replacePasswordIfUnchanged(id, stored.get(), hasher.hash(password), clock.instant());
        }
        return matches;
    }

    /**
     * Checks a signed-in person's current password (Change Password). The caller counts failures
     * with the same throttle as sign-in; oversized input is refused without hashing.
     */
    public boolean verifyCurrentPassword(long accountId, String password) {
        return passwordMatches(store.findById(accountId), password);
    }

    /**
     * Why this would not do as the account's new password, in words for the person choosing it:
     * the length rules, then common, guessable and personal passwords (PWD-01/02).
     */
    public Optional<String> newPasswordProblem(long accountId, CharSequence password) {
        Optional<Account> account = store.findById(accountId);
        List<String> context = account.map(a -> List.of(a.displayName(), a.email())).orElse(List.of());
        return policy.problem(password, context);
    }

    /**
     * Why this would not do as the password of an account about to be created for this person:
     * the length rules, then common, guessable and personal passwords (PWD-01/02). For callers
     * that let someone choose a password at creation (the first administrator's set-up form and
     * bootstrap password); {@link #create} itself checks length only.
     */
    public Optional<String> newAccountPasswordProblem(String email, String displayName, CharSequence password) {
        return policy.problem(password, Arrays.asList(displayName, email)); // nulls are ignored
    }

    /**
     * Replaces the account's password: checked against the policy with the person's own name and
     * email address as context, hashed with the configured Argon2id parameters, and written in
     * one transaction with its audit line. Ending other sessions and telling the person are the
     * caller's part (they differ between Change Password and a reset).
     *
     * @param how            what changed it: {@code self-service}, {@code reset}, ...
     * @param actorAccountId who did it (the account itself for self-service)
     * @throws InvalidAccountException with field {@code password} when the policy refuses it
     */
    @Transactional
    public void changePassword(long accountId, char[] newPassword, String how, Long actorAccountId) {
        try {
            Account account = store.findById(accountId)
                    .orElseThrow(() -> new InvalidAccountException("account", "The account does not exist"));
            String text = new String(newPassword);
            var problem = policy.problem(text, List.of(account.displayName(), account.email()));
            if (problem.isPresent()) {
                throw new InvalidAccountException("password", problem.get());
            }
            store.savePassword(accountId, hasher.hash(text), clock.instant());
            store.touch(accountId, clock.instant());
            events.publishEvent(new PasswordChanged(accountId, account.organisationId(), how, actorAccountId));
        } finally {
            Arrays.fill(newPassword, '\0');
        }
    }

    /**
     * Changes the name shown for the account (My Profile, People Finder, the header). Publishes
     * {@link DisplayNameChanged}, which the directory listens to.
     *
     * @throws InvalidAccountException with field {@code displayName} when the name will not do
     */
    @Transactional
    public Account changeDisplayName(long accountId, String displayName, Long actorAccountId) {
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidAccountException("displayName", "Enter a name of 200 characters or fewer");
        }
        Account account = store.findById(accountId)
                .orElseThrow(() -> new InvalidAccountException("account", "The account does not exist"));
        if (!account.displayName().equals(name)) {
            store.updateDisplayName(accountId, name, clock.instant());
            events.publishEvent(new DisplayNameChanged(accountId, account.organisationId(), actorAccountId));
        }
        return store.findById(accountId).orElseThrow();
    }

    /** The account's password was replaced. Never carries the password or its hash. */
    public record PasswordChanged(long accountId, long organisationId, String how, Long actorAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("account.password.changed", actorAccountId, accountId, organisationId, null, "via=" + how);
        }
    }

    /** The account's display name changed; the directory re-indexes the account. */
    public record DisplayNameChanged(long accountId, long organisationId, Long actorAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("account.name.changed", actorAccountId, accountId, organisationId, null, null);
        }
    }
}
