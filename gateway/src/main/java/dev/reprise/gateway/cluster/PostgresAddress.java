package dev.reprise.gateway.cluster;

import dev.reprise.gateway.config.ConfigException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the cluster's PostgreSQL listens, from {@code postgresql://[user[:password]@]host[:port]/database[?params]}.
 * Its {@link #toString} leaves the password out, so a log line or an error can name the database safely; the
 * password goes to the driver as a property, never inside a JDBC URL that a driver or pool might print.
 *
 * @param user     the role to log in as, or null for the driver's default (the OS user)
 * @param password null when the URL names none (trust or peer authentication, or {@code ~/.pgpass})
 * @param params   the driver's own options from the query string, e.g. {@code sslmode=require}, in order
 */
public record PostgresAddress(String host, int port, String database, String user, String password,
                              Map<String, String> params) {

    public static final int DEFAULT_PORT = 5432;
    /** Options the gateway sets itself, or that would move the password into the URL. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("user", "password", "connecttimeout",
            "sockettimeout", "logintimeout");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    public PostgresAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("ledger.url must name a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("ledger.url port must be between 1 and 65535, got " + port);
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("ledger.url must name a database, as in postgresql://host:5432/reprise");
        }
        params = Map.copyOf(Objects.requireNonNull(params, "params"));
    }

    /**
     * Parses {@code url}; a message never repeats the URL, which may hold the password. The password is taken as
     * written, up to the last {@code @} before the host (a secret from {@code ${VAR}} may hold {@code /}, {@code :}
     * or {@code %}).
     *
     * @throws ConfigException naming {@code key} when the URL is not a {@code postgresql://} URL with a host and
     *                         a database
     */
    public static PostgresAddress parse(String key, String url) {
        String v = url.strip();
        int schemeEnd = v.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : v.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("postgresql") && !scheme.equalsIgnoreCase("postgres")) {
            throw ConfigException.at(key, "must start with postgresql:// (a JDBC URL is not accepted), got "
                    + (schemeEnd < 0 ? "no scheme" : "'" + scheme + "://'"));
        }
        String rest = v.substring(schemeEnd + 3);
        String user = null;
        String password = null;
        // The last @ that still has the database's / after it: one inside the query string is not the user's.
        int at = rest.lastIndexOf('@');
        while (at >= 0 && rest.indexOf('/', at) < 0) {
            at = rest.lastIndexOf('@', at - 1);
        }
        if (at >= 0) {
            String info = rest.substring(0, at);
            int colon = info.indexOf(':');
            String u = colon < 0 ? info : info.substring(0, colon);
            String p = colon < 0 ? "" : info.substring(colon + 1);
            user = u.isEmpty() ? null : u;
            password = p.isEmpty() ? null : p;
            rest = rest.substring(at + 1);
        }
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question + 1);
        rest = question < 0 ? rest : rest.substring(0, question);
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw ConfigException.at(key, "must name a database: postgresql://[user[:password]@]host[:port]/database");
        }
        String hostPort = rest.substring(0, slash);
        String database = rest.substring(slash + 1);
        if (database.contains("/")) {
            throw ConfigException.at(key, "the path must be one database name, as in postgresql://host:5432/reprise");
        }
        int portAt = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[") && hostPort.lastIndexOf(']') > portAt) {
            portAt = -1; // an IPv6 literal without a port
        }
        String host = portAt < 0 ? hostPort : hostPort.substring(0, portAt);
        if (host.isBlank()) {
            throw ConfigException.at(key, "must name a host: postgresql://[user[:password]@]host[:port]/database");
        }
        int port = DEFAULT_PORT;
        if (portAt >= 0) {
            try {
                port = Integer.parseInt(hostPort.substring(portAt + 1));
            } catch (NumberFormatException e) {
                throw ConfigException.at(key, "the port must be a number, as in postgresql://host:5432/reprise");
            }
        }
        try {
            return new PostgresAddress(host, port, database, user, password, params(key, query));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static Map<String, String> params(String key, String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0 || !PARAM_NAME.matcher(name).matches()) {
                throw ConfigException.at(key, "the query string must be name=value pairs joined by &, as in "
                        + "?sslmode=require");
            }
            if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw ConfigException.at(key, "'" + name + "' cannot be a query parameter: give the user and password "
                        + "before the host, and the timeouts as ledger.connect-timeout and ledger.socket-timeout");
            }
            out.put(name, pair.substring(eq + 1));
        }
        return out;
    }

    /** The driver's URL: host, port and database only; the user, password and options go as properties. */
    public String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** {@code host:port/database}, for logs: never the password. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }
}
