package dev.portcullis.oidc;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.portcullis.signin.AccountSessions;

/**
 * When an account's sessions end (sign-out everywhere: password change or reset, an
 * administrator's action, a leaver's last day), the applications' tokens for it end too
 * (SES-03): every token family of the account is revoked, so refresh tokens, access tokens
 * and unredeemed codes stop working on every node. The applications sign the person in
 * again through the portal, which asks for what it needs.
 */
@Component
class AccountTokenRevocation {

    static final String REASON = "account sessions ended";

    private final TokenFamilies families;
    private final FamilyTrackingAuthorizationService authorizations;

    AccountTokenRevocation(TokenFamilies families, FamilyTrackingAuthorizationService authorizations) {
        this.families = families;
        this.authorizations = authorizations;
    }

    @EventListener
    void on(AccountSessions.Ended ended) {
        String principal = Long.toString(ended.accountId());
        for (TokenFamilies.Family family : families.liveFamiliesOf(principal)) {
            authorizations.revokeFamily(family.familyId(), REASON, family.registeredClientId(), principal);
        }
    }
}
