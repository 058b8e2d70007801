package dev.reprise.gateway.shadow;

import java.util.Objects;

/**
 * One candidate of {@code models[].shadow}: the alias that also gets a copy of the primary's requests, and which share
 * of them.
 *
 * @param alias a configured alias other than the primary
 * @param share the share of the primary's requests copied to it, in (0, 1]
 */
public record ShadowTarget(String alias, double share) {

    public ShadowTarget {
        Objects.requireNonNull(alias, "alias");
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        }
    }

    /**
     * Whether this candidate shadows the request: the same answer for the same request id every time (a hash of the
     * id and the candidate, so two candidates pick their shares independently).
     */
    public boolean picks(String requestId) {
        return ShadowPick.bucket(requestId, alias) < share;
    }
}
