package dev.portcullis.account;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.password.PasswordHasher;
import dev.portcullis.account.password.PasswordPolicy;
import dev.portcullis.account.password.StoredPassword;
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
}
