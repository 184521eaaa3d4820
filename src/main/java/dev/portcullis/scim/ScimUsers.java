package dev.portcullis.scim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.node.ObjectNode;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.directory.DirectoryService;
import dev.portcullis.directory.InvalidProfileException;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.directory.Profile;
import dev.portcullis.directory.ProfileChanges;
import dev.portcullis.directory.ProfileField;
import dev.portcullis.selfservice.passwordreset.PasswordResets;
import dev.portcullis.shared.EmailAddresses;
import dev.portcullis.signin.AccountSessions;

/**
 * SCIM Users over the account and directory modules: every change goes through their services
 * (and so through their audit events), with the issuing administrator as the actor and the token
 * in the detail. A token scoped to an organisation never sees another organisation's accounts,
 * nor global administrators: to it they do not exist (404).
 *
 * <p>{@code active=false} and DELETE disable the account and end its sessions at once. They do
 * not go through the leaver process: that process is a person's own nomination with a date and
 * notifications to their administrators, and it leaves the account able to sign in until the date,
 * whereas a directory saying "inactive" means now. DELETE additionally hides the resource from
 * SCIM (RFC 7644 §3.6: later requests get 404) while the account stays, disabled, for the audit
 * trail; an administrator enabling it again brings it back.
 */
@Service
class ScimUsers {

    static final int MAX_EXTERNAL_ID = 200;
    static final int MAX_NAME_PART = 100;

    private final AccountService accounts;
    private final AccountAdministration administration;
    private final OrganisationService organisations;
    private final DirectoryService directory;
    private final AccountSessions sessions;
    private final PasswordResets resets;
    private final ScimUserStore store;
    private final ScimResources resources;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ScimUsers(AccountService accounts, AccountAdministration administration, OrganisationService organisations,
              DirectoryService directory, AccountSessions sessions, PasswordResets resets, ScimUserStore store,
              ScimResources resources, ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.administration = administration;
        this.organisations = organisations;
        this.directory = directory;
        this.sessions = sessions;
        this.resets = resets;
        this.store = store;
        this.resources = resources;
        this.events = events;
        this.clock = clock;
    }

    ObjectNode get(ScimClient client, String id) {
        Account account = require(client, id);
        return resources.user(account, extra(account.id()));
    }

    /** RFC 7644 §3.4.2: filter, then 1-based startIndex and count. */
    ObjectNode list(ScimClient client, ScimFilter filter, int startIndex, int count) {
        ScimUserStore.Page page = store.search(ScimUserQuery.scope(client, filter), startIndex - 1, count);
        List<ObjectNode> users = new ArrayList<>();
        for (long id : page.ids()) {
            accounts.findById(id).ifPresent(account -> users.add(resources.user(account, extra(id))));
        }
        return resources.listResponse(users, page.total(), startIndex);
    }

    @Transactional
    ObjectNode create(ScimClient client, ObjectNode body) {
        ScimUserState wanted = ScimUserState.fromResource(body, null);
        checkLengths(wanted);
        long organisationId = organisationFor(client, wanted.organisationCode, null);
        Account created;
        try {
            created = accounts.create(new NewAccount(wanted.userName, wanted.displayName, organisationId, Role.USER, null),
                    client.via(), client.issuedBy());
        } catch (InvalidAccountException e) {
            if ("email".equals(e.field()) && accounts.findByEmail(wanted.userName).isPresent()) {
                throw ScimException.uniqueness("An account with this userName already exists");
            }
            throw ScimException.invalidValue(e.getMessage());
        }
        updateProfile(created.id(), wanted, null, client);
        store.save(created.id(), wanted.externalId, wanted.givenName, wanted.familyName, clock.instant());
        if (!wanted.active) {
            administration.setStatus(created.id(), AccountStatus.DISABLED, client.issuedBy(), client.via());
        } else {
            // As when an administrator creates an account: the person sets their own password from a link (ADM-02).
            resets.sendByAdministrator(created.id(), client.issuedBy());
        }
        Account account = accounts.findById(created.id()).orElseThrow();
        return resources.user(account, extra(account.id()));
    }

    @Transactional
    ObjectNode replace(ScimClient client, String id, ObjectNode body) {
        Account account = require(client, id);
        ScimUserState current = state(account);
        ScimUserState wanted = ScimUserState.fromResource(body, current);
        if (!Objects.equals(EmailAddresses.canonical(wanted.userName), EmailAddresses.canonical(current.userName))) {
            throw ScimException.mutability("userName cannot be changed: it is the account's email address and sign-in name");
        }
        return save(client, account, current, wanted);
    }

    @Transactional
    ObjectNode patch(ScimClient client, String id, ObjectNode body) {
        Account account = require(client, id);
        ScimUserState current = state(account);
        ScimUserState wanted = current.copy();
        ScimPatch.apply(body, wanted);
        return save(client, account, current, wanted);
    }

    /** DELETE: disabled and hidden from SCIM, never removed. */
    @Transactional
    void delete(ScimClient client, String id) {
        Account account = require(client, id);
        if (administration.setStatus(account.id(), AccountStatus.DISABLED, client.issuedBy(), client.via() + " delete")) {
            sessions.endAll(account.id());
        }
        if (store.find(account.id()).isEmpty()) {
            store.save(account.id(), null, null, null, clock.instant());
        }
        store.markDeleted(account.id(), clock.instant());
        events.publishEvent(new ScimUserDeleted(account.id(), account.organisationId(), client.issuedBy(), client.tokenId()));
    }

    /** An administrator enabled an account SCIM had deleted: SCIM sees it again. */
    @EventListener
    void on(AccountAdministration.AccountStatusChanged changed) {
        if (changed.status() == AccountStatus.ACTIVE) {
            store.clearDeleted(changed.accountId(), clock.instant());
        }
    }

    private ObjectNode save(ScimClient client, Account account, ScimUserState current, ScimUserState wanted) {
        checkLengths(wanted);
        long organisationId = organisationFor(client, wanted.organisationCode, account);
        if (organisationId != account.organisationId()) {
            administration.moveToOrganisation(account.id(), organisationId, client.issuedBy());
            directory.reindex(account.id());
        }
        updateProfile(account.id(), wanted, current, client);
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(current.externalId, wanted.externalId)) {
            changed.add("externalId");
        }
        if (!Objects.equals(current.givenName, wanted.givenName) || !Objects.equals(current.familyName, wanted.familyName)) {
            changed.add("name");
        }
        if (!changed.isEmpty() || store.find(account.id()).isEmpty()) {
            store.save(account.id(), wanted.externalId, wanted.givenName, wanted.familyName, clock.instant());
        }
        if (!changed.isEmpty()) {
            events.publishEvent(new ScimUserChanged(account.id(), organisationId, client.issuedBy(), client.tokenId(),
                    String.join(",", changed)));
        }
        if (current.active != wanted.active) {
            if (wanted.active) {
                administration.setStatus(account.id(), AccountStatus.ACTIVE, client.issuedBy(), client.via());
            } else {
                administration.setStatus(account.id(), AccountStatus.DISABLED, client.issuedBy(), client.via());
                sessions.endAll(account.id());
            }
        }
        Account saved = accounts.findById(account.id()).orElseThrow();
        return resources.user(saved, extra(saved.id()));
    }

    /** Name, job title and department through the directory, which checks them and audits the change. */
    private void updateProfile(long accountId, ScimUserState wanted, ScimUserState current, ScimClient client) {
        Map<ProfileField, String> changes = new EnumMap<>(ProfileField.class);
        if (current == null || !Objects.equals(current.displayName, wanted.displayName)) {
            changes.put(ProfileField.DISPLAY_NAME, wanted.displayName);
        }
        if (current == null ? wanted.title != null : !Objects.equals(current.title, wanted.title)) {
            changes.put(ProfileField.JOB_TITLE, wanted.title == null ? "" : wanted.title);
        }
        if (current == null ? wanted.department != null : !Objects.equals(current.department, wanted.department)) {
            changes.put(ProfileField.DEPARTMENT, wanted.department == null ? "" : wanted.department);
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            directory.updateProfile(accountId, ProfileChanges.of(changes), client.issuedBy());
        } catch (InvalidProfileException e) {
            var first = e.problems().entrySet().iterator().next();
            throw ScimException.invalidValue(scimName(first.getKey()) + ": " + first.getValue());
        }
    }

    private static String scimName(ProfileField field) {
        return switch (field) {
            case JOB_TITLE -> "title";
            case DEPARTMENT -> "department";
            default -> "displayName";
        };
    }

    private static void checkLengths(ScimUserState state) {
        if (state.externalId != null && state.externalId.length() > MAX_EXTERNAL_ID) {
            throw ScimException.invalidValue("externalId must be " + MAX_EXTERNAL_ID + " characters or fewer");
        }
        for (String part : new String[] {state.givenName, state.familyName}) {
            if (part != null && (part.length() > MAX_NAME_PART || part.chars().anyMatch(Character::isISOControl))) {
                throw ScimException.invalidValue("name.givenName and name.familyName must be " + MAX_NAME_PART
                        + " characters or fewer, without control characters");
            }
        }
    }

    /**
     * The organisation an account is created in or moved to. An organisation's token works in its
     * own only (403 otherwise); a global token must name one by code when creating.
     */
    private long organisationFor(ScimClient client, String code, Account existing) {
        if (code == null) {
            if (existing != null) {
                return existing.organisationId();
            }
            if (!client.global()) {
                return client.organisationId();
            }
            throw ScimException.invalidValue("Give the organisation code in " + ScimUserState.ENTERPRISE_SCHEMA + ":organization");
        }
        Optional<Organisation> organisation = organisations.findByCode(code);
        if (!client.global()) {
            if (organisation.isEmpty() || organisation.get().id() != client.organisationId()) {
                throw ScimException.forbidden("This token can only provision accounts in its own organisation");
            }
            return client.organisationId();
        }
        return organisation.orElseThrow(() -> ScimException.invalidValue("There is no organisation with the code given in organization")).id();
    }

    /** The account behind a SCIM id, if this client may see it; 404 otherwise, whether or not it exists. */
    private Account require(ScimClient client, String id) {
        long accountId;
        try {
            accountId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ScimException.notFound("User " + shorten(id));
        }
        Account account = accounts.findById(accountId).orElse(null);
        if (account == null || !client.covers(account.organisationId())
                || (!client.global() && account.role() == Role.GLOBAL_ADMIN)
                || store.find(accountId).map(e -> e.deletedAt() != null).orElse(false)) {
            throw ScimException.notFound("User " + shorten(id));
        }
        return account;
    }

    private ScimUserStore.Extra extra(long accountId) {
        return store.find(accountId).orElse(ScimUserStore.Extra.none(accountId));
    }

    private ScimUserState state(Account account) {
        ScimUserStore.Extra extra = extra(account.id());
        Profile profile = directory.profile(account.id()).orElseThrow();
        ScimUserState state = new ScimUserState();
        state.userName = account.email();
        state.displayName = account.displayName();
        state.givenName = extra.givenName();
        state.familyName = extra.familyName();
        state.title = profile.jobTitle();
        state.department = profile.department();
        state.externalId = extra.externalId();
        state.active = account.status() != AccountStatus.DISABLED;
        state.organisationCode = null;
        return state;
    }

    private static String shorten(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", " ");
        return flat.length() > 40 ? flat.substring(0, 40) + "…" : flat;
    }

    record ScimUserChanged(long accountId, long organisationId, long actorAccountId, long tokenId, String attributes)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("scim.user.changed", actorAccountId, accountId, organisationId, null,
                    "token=" + tokenId + " attributes=" + attributes);
        }
    }

    record ScimUserDeleted(long accountId, long organisationId, long actorAccountId, long tokenId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("scim.user.deleted", actorAccountId, accountId, organisationId, null, "token=" + tokenId);
        }
    }

    static Instant lastModified(Account account, ScimUserStore.Extra extra) {
        return extra.lastModified() != null && extra.lastModified().isAfter(account.createdAt())
                ? extra.lastModified() : account.createdAt();
    }
}
