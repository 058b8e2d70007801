package dev.reprise.gateway.config;

/**
 * A config that cannot be used. The message names the key (a full path such as
 * {@code models[1].base-url}) and the offending value, so it can be shown as one line with no stack trace.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with the value at {@code key}: {@code "<key>: <problem>"}. */
    public static ConfigException at(String key, String problem) {
        return new ConfigException(key + ": " + problem);
    }
}
