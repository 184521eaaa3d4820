package dev.portcullis.monitoring.signals;

import java.util.List;

/**
 * What the signals compare an attempt with: the account's earlier attempts and the source's
 * recent ones, each newest first. Neither includes the attempt being weighed. The source's
 * attempts carry only when, who and how it went (a busy shared address has hundreds, read twice
 * per sign-in): their network, device and place are null, so a signal that needs those must
 * widen {@code SignInAttempts.fromSource} first.
 */
public record History(List<PastAttempt> account, List<PastAttempt> source) {

    public History {
        account = List.copyOf(account);
        source = List.copyOf(source);
    }

    /** Earlier successful sign-ins of the account: what "new" is measured against. */
    public List<PastAttempt> successes() {
        return account.stream().filter(a -> a.outcome() == Outcome.SUCCESS).toList();
    }
}
