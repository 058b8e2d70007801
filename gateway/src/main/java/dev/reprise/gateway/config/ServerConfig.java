package dev.reprise.gateway.config;

import java.time.Duration;

/**
 * The {@code server:} section: where to listen, how large a request body may be, how often an idle
 * stream sends an SSE comment (which keeps proxies from timing out and tells us when the client left), and
 * the {@link ConnectionLimits} on client connections.
 */
public record ServerConfig(String host, int port, long maxBodySize, Duration streamKeepAlive,
                           ConnectionLimits connections) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_SIZE = 4L << 20;
    public static final Duration DEFAULT_STREAM_KEEP_ALIVE = Duration.ofSeconds(5);

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw ConfigException.at("server.host", "must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw ConfigException.at("server.port", "must be between 0 and 65535, got " + port);
        }
        if (maxBodySize <= 0) {
            throw ConfigException.at("server.max-body-size", "must be greater than 0, got " + maxBodySize);
        }
        if (streamKeepAlive == null || streamKeepAlive.isNegative() || streamKeepAlive.isZero()) {
            throw ConfigException.at("server.stream-keep-alive", "must be greater than 0, got " + streamKeepAlive);
        }
        if (connections == null) {
            throw ConfigException.at("server", "connection limits must not be null");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_SIZE, DEFAULT_STREAM_KEEP_ALIVE,
                ConnectionLimits.defaults());
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodySize, streamKeepAlive, connections);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBodySize, streamKeepAlive, connections);
    }

    public ServerConfig withStreamKeepAlive(Duration keepAlive) {
        return new ServerConfig(host, port, maxBodySize, keepAlive, connections);
    }

    public ServerConfig withMaxBodySize(long bytes) {
        return new ServerConfig(host, port, bytes, streamKeepAlive, connections);
    }

    public ServerConfig withConnections(ConnectionLimits limits) {
        return new ServerConfig(host, port, maxBodySize, streamKeepAlive, limits);
    }

    /** The YAML shape of this section; strings where the value has a unit, so errors can name it. */
    record Yaml(String host, Integer port, String maxBodySize, String streamKeepAlive, String headerTimeout,
                String bodyTimeout, String idleTimeout, Integer maxConnections) {

        ServerConfig resolve() {
            return new ServerConfig(
                    host == null ? DEFAULT_HOST : host.strip(),
                    port == null ? DEFAULT_PORT : port,
                    ConfigValues.size("server.max-body-size", maxBodySize, DEFAULT_MAX_BODY_SIZE),
                    ConfigValues.positiveDuration("server.stream-keep-alive", streamKeepAlive,
                            DEFAULT_STREAM_KEEP_ALIVE),
                    ConnectionLimits.resolve(headerTimeout, bodyTimeout, idleTimeout, maxConnections));
        }
    }
}
