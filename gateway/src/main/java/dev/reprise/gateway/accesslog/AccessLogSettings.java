package dev.reprise.gateway.accesslog;

import dev.reprise.gateway.config.ConfigException;

import java.nio.file.Path;

/**
 * {@code access-log}: one JSON line per settled request, to standard output or a file. Off by default. Prompt and
 * answer text are left out unless {@code include-text} is on, since they are what users wrote. Read at start only.
 *
 * @param file          the file to append to, or null for standard output
 * @param queueCapacity lines waiting for the writer; beyond it lines are dropped and counted, requests never wait
 */
public record AccessLogSettings(boolean enabled, Path file, boolean includeText, int queueCapacity) {

    public static final boolean DEFAULT_ENABLED = false;
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** {@code to: stdout} writes to standard output; anything else names a file. */
    public static final String STDOUT = "stdout";

    public AccessLogSettings {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("access-log.queue-capacity must be >= 1, got " + queueCapacity);
        }
    }

    public static AccessLogSettings defaults() {
        return new AccessLogSettings(DEFAULT_ENABLED, null, false, DEFAULT_QUEUE_CAPACITY);
    }

    /** The YAML shape: {@code enabled}, {@code to} ({@code stdout} or a path), {@code include-text}, {@code queue-capacity}. */
    public record Yaml(Boolean enabled, String to, Boolean includeText, Integer queueCapacity) {

        public AccessLogSettings resolve() {
            String target = to == null || to.isBlank() ? STDOUT : to.strip();
            int capacity = queueCapacity == null ? DEFAULT_QUEUE_CAPACITY : queueCapacity;
            if (capacity < 1) {
                throw ConfigException.at("access-log.queue-capacity", "must be >= 1, got " + capacity);
            }
            return new AccessLogSettings(enabled == null ? true : enabled,
                    target.equals(STDOUT) ? null : Path.of(target), Boolean.TRUE.equals(includeText), capacity);
        }
    }
}
