package dev.portcullis.selfservice.leaver;

import java.time.Instant;
import java.time.LocalDate;

/** An open or closed leaver nomination. */
public record Nomination(long id, long accountId, long fromOrganisationId, LocalDate leavingDate,
                        Long destinationOrganisationId, Instant nominatedAt, Long claimedBy, String outcome) {

    public boolean claimed() {
        return claimedBy != null;
    }
}
