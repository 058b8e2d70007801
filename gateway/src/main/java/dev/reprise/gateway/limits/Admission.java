package dev.reprise.gateway.limits;

import java.time.Duration;

/**
 * A limiter's answer to one request. Either way it carries the tightest request and token quotas among the limits
 * asked about (null for a kind none of them limits), for the {@code x-ratelimit-*} headers.
 */
public sealed interface Admission {

    /** The tightest requests-per-minute quota, or null. */
    Quota requests();

    /** The tightest tokens-per-minute quota, or null. */
    Quota tokens();

    /** Every limit had room: the request and its estimated tokens were taken from all of them. */
    record Granted(Permit permit, Quota requests, Quota tokens) implements Admission {
    }

    /**
     * Some limit had no room, so nothing was taken from any.
     *
     * @param by         the limit that keeps the request waiting longest
     * @param tokensKind true when {@code by} is short of tokens rather than requests
     * @param retryAfter how long until every limit has room for this request
     */
    record Refused(ScopeLimit by, boolean tokensKind, Duration retryAfter, Quota requests, Quota tokens)
            implements Admission {
    }
}
