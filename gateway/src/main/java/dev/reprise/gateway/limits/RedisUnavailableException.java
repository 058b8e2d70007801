package dev.reprise.gateway.limits;

/** Redis could not answer a rate limit call (down, timed out, refused): the caller falls back to local limits. */
final class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
