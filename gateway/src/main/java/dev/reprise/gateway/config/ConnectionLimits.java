package dev.reprise.gateway.config;

import java.time.Duration;

/**
 * How long a client connection may take over each part of a request, and how many may be open at once: the
 * bounds that keep silent or trickling clients from holding connections (and file descriptors) for good.
 *
 * @param headerTimeout  from accepting a connection to having its first request's headers
 * @param bodyTimeout    from having a request's headers to having read its whole body
 * @param idleTimeout    from the end of a response to having the next request's headers on a kept-alive connection
 * @param maxConnections client connections open at once; more wait in the listen backlog until one closes
 */
public record ConnectionLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(20);
    /** Enough for the largest default body (4 MiB) at about 1 Mbit/s. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Needs about 8,500 file descriptors (see ConnectionCap): within the usual limits, Linux's and macOS's. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4_096;

    public ConnectionLimits {
        positive("server.header-timeout", headerTimeout);
        positive("server.body-timeout", bodyTimeout);
        positive("server.idle-timeout", idleTimeout);
        if (maxConnections < 1) {
            throw ConfigException.at("server.max-connections", "must be at least 1, got " + maxConnections);
        }
    }

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS);
    }

    public ConnectionLimits withTimeouts(Duration header, Duration body, Duration idle) {
        return new ConnectionLimits(header, body, idle, maxConnections);
    }

    public ConnectionLimits withMaxConnections(int max) {
        return new ConnectionLimits(headerTimeout, bodyTimeout, idleTimeout, max);
    }

    /** The shortest of the three timeouts: how finely they need checking. */
    public Duration shortestTimeout() {
        Duration shortest = headerTimeout.compareTo(bodyTimeout) < 0 ? headerTimeout : bodyTimeout;
        return shortest.compareTo(idleTimeout) < 0 ? shortest : idleTimeout;
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw ConfigException.at(key, "must be greater than 0, got " + value);
        }
    }

    /** Reads the four keys of the {@code server:} section; absent ones take the defaults. */
    static ConnectionLimits resolve(String headerTimeout, String bodyTimeout, String idleTimeout,
                                    Integer maxConnections) {
        return new ConnectionLimits(
                ConfigValues.positiveDuration("server.header-timeout", headerTimeout, DEFAULT_HEADER_TIMEOUT),
                ConfigValues.positiveDuration("server.body-timeout", bodyTimeout, DEFAULT_BODY_TIMEOUT),
                ConfigValues.positiveDuration("server.idle-timeout", idleTimeout, DEFAULT_IDLE_TIMEOUT),
                maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections);
    }
}
