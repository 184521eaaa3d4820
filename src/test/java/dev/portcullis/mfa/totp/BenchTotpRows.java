package dev.portcullis.mfa.totp;

/** For the benchmark harness: the associated data {@link TotpStore} binds a sealed seed to, so seeded rows open. */
public final class BenchTotpRows {

    private BenchTotpRows() {
    }

    public static String associatedData(long accountId) {
        return TotpStore.associatedData(accountId);
    }
}
