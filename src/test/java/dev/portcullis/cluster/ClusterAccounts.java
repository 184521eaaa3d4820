package dev.portcullis.cluster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts and sign-in journeys for the cluster tests, made through the nodes themselves. */
final class ClusterAccounts {

    static final String PASSWORD = "a-long-password";
    static final String ENROLL = "/account/security/factors/totp/enroll";
    static final String FACTOR = "/signin/factor";
    static final String CHALLENGE = "/signin/factor/totp";
    static final String INCORRECT_PASSWORD = "The email address or password is not correct";
    static final String PASSWORD_PAUSED = "Sign-in to this account is paused after too many incorrect attempts. Try again in 1 minute.";
    static final String INCORRECT_CODE = "The code is not correct.";
    static final String CODES_PAUSED = "Too many incorrect codes. Try again in 1 minute.";

    private ClusterAccounts() {
    }

    record Account(long id, String email, String displayName) {
    }

    record Enrolled(long id, String email, String key) {
    }

    /** A new account with a password only, created on {@code node}. */
    static Account account(ClusterNode node) {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = "nurse." + unique + "@cluster.example";
        String displayName = "Cluster Nurse " + unique;
        long organisationId = node.bean(OrganisationService.class).findOrCreate("CL1", "Cluster Test Trust").id();
        long id = node.bean(AccountService.class).create(new NewAccount(email, displayName, organisationId, Role.USER,
                PASSWORD.toCharArray()), "test", null).id();
        return new Account(id, email, displayName);
    }

    /**
     * A new account with a confirmed authenticator app: the enrolment page (and its seed) comes
     * from {@code shownBy}, the first code is posted to {@code confirmedBy}. On two nodes this
     * needs the shared session and the shared secret key (the pending seed is sealed by one node
     * and opened by the other). The clocks should stand 15 s into a step.
     */
    static Enrolled enrolled(ClusterNode shownBy, ClusterNode confirmedBy) {
        Account account = account(shownBy);
        LoadBalancedVisitor visitor = new LoadBalancedVisitor();
        assertThat(visitor.signIn(shownBy, account.email(), PASSWORD).redirect()).isEqualTo("/");
        String key = visitor.get(shownBy, ENROLL).secret();
        LoadBalancedVisitor.Page done = visitor.post(confirmedBy, ENROLL,
                Map.of("code", TotpCodes.current(key, confirmedBy.clock())));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.redirect()).startsWith("/account/");
        return new Enrolled(account.id(), account.email(), key);
    }

    /** A fresh browser that passed the password step on {@code passwordNode} and shows the code page of {@code challengeNode}. */
    static LoadBalancedVisitor atCodePage(Enrolled account, ClusterNode passwordNode, ClusterNode challengeNode) {
        LoadBalancedVisitor visitor = new LoadBalancedVisitor();
        assertThat(visitor.signIn(passwordNode, account.email(), PASSWORD).redirect()).isEqualTo(FACTOR);
        assertThat(visitor.get(challengeNode, FACTOR).redirect()).isEqualTo(CHALLENGE);
        assertThat(visitor.get(challengeNode, CHALLENGE).status()).isEqualTo(200);
        return visitor;
    }

    /** Codes that match no step in the ±1 window around the node's clock. */
    static List<String> wrongCodes(String key, ClusterNode node, int count) {
        long now = TotpCodes.step(node.clock().instant());
        Set<String> valid = Set.of(TotpCodes.forStep(key, now - 1), TotpCodes.forStep(key, now),
                TotpCodes.forStep(key, now + 1));
        return IntStream.range(0, 100)
                .mapToObj(i -> String.format("%06d", (i * 104_729 + 12_345) % 1_000_000))
                .filter(code -> !valid.contains(code))
                .limit(count)
                .toList();
    }

    /** The reasons of the account's refused codes, oldest first, from the shared audit log. */
    static List<String> codeRefusals(ClusterNode node, long accountId) {
        List<String> newestFirst = node.bean(AuditLog.class).recentFor(accountId, 200).stream()
                .filter(e -> e.type().equals("mfa.totp.refused"))
                .map(RecordedAuditEvent::detail)
                .collect(Collectors.toList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
