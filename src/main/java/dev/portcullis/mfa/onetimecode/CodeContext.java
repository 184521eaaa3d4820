package dev.portcullis.mfa.onetimecode;

/**
 * Who a code is for and where it may be used: one account, one factor, one purpose, one session.
 *
 * @param accountId      the account the code belongs to
 * @param organisationId the account's organisation, for the audit log (may be null)
 * @param factorType     the factor's type id ({@code sms}, {@code voice})
 * @param purpose        enrolment or sign-in
 * @param sessionBinding the session's binding value, from {@link OneTimeCodes#sessionBinding}
 * @param sourceIp       the address the request came from, for the per-source limit and the audit log
 */
public record CodeContext(long accountId, Long organisationId, String factorType, Purpose purpose, String sessionBinding,
                          String sourceIp) {

    public CodeContext {
        if (factorType == null || purpose == null || sessionBinding == null || sessionBinding.isBlank()) {
            throw new IllegalArgumentException("a code needs a factor, a purpose and a session binding");
        }
    }

    @Override
    public String toString() {
        return "CodeContext[account=" + accountId + ", factor=" + factorType + ", purpose=" + purpose + "]";
    }
}
