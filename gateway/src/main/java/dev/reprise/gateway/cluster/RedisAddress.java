package dev.reprise.gateway.cluster;

import dev.reprise.gateway.config.ConfigException;


/**
 * Where the cluster's Redis listens, from {@code redis://[[user]:password@]host:port[/db]}. Its {@link #toString}
 * leaves the password out, so a log line or an error can name the address safely.
 *
 * @param password null when the URL names none
 * @param user     the ACL user, or null for Redis's {@code default} user
 */
public record RedisAddress(String host, int port, String user, String password, int database) {

    public static final int DEFAULT_PORT = 6379;

    public RedisAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("cluster.redis-url must name a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("cluster.redis-url port must be between 1 and 65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("cluster.redis-url database must be >= 0, got " + database);
        }
    }

    /**
     * Parses {@code url}; a message never repeats the URL, which may hold the password. The password is taken as
     * written, up to the last {@code @} (a secret from {@code ${VAR}} may hold {@code /}, {@code :} or {@code %}).
     *
     * @throws ConfigException naming {@code key} when the URL is not a {@code redis://} URL with a host
     */
    public static RedisAddress parse(String key, String url) {
        String v = url.strip();
        int schemeEnd = v.indexOf("://");
        if (schemeEnd < 0 || !v.substring(0, schemeEnd).equalsIgnoreCase("redis")) {
            throw ConfigException.at(key, "must start with redis:// (rediss:// and sentinels are not supported), got "
                    + (schemeEnd < 0 ? "no scheme" : "'" + v.substring(0, schemeEnd) + "://'"));
        }
        String rest = v.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = rest.substring(0, at);
            int colon = info.indexOf(':');
            String u = colon < 0 ? "" : info.substring(0, colon);
            String p = colon < 0 ? info : info.substring(colon + 1);
            user = u.isEmpty() ? null : u;
            password = p.isEmpty() ? null : p;
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int database = 0;
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw ConfigException.at(key, "the path must be a database number, as in redis://host:6379/0");
            }
        }
        int portAt = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[") && hostPort.lastIndexOf(']') > portAt) {
            portAt = -1; // an IPv6 literal without a port
        }
        String host = portAt < 0 ? hostPort : hostPort.substring(0, portAt);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank()) {
            throw ConfigException.at(key, "must name a host: redis://[:password@]host:port");
        }
        int port = DEFAULT_PORT;
        if (portAt >= 0) {
            try {
                port = Integer.parseInt(hostPort.substring(portAt + 1));
            } catch (NumberFormatException e) {
                throw ConfigException.at(key, "the port must be a number, as in redis://host:6379");
            }
        }
        try {
            return new RedisAddress(host, port, user, password, database);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** {@code host:port}, for logs: never the password. */
    @Override
    public String toString() {
        return host + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
