package dev.portcullis.mfa;

import java.util.Optional;

/** A factor with something to show right after another method is enrolled (new recovery codes). */
public interface FollowsEnrolment {

    Optional<String> followUpPath(long accountId);
}
