package dev.reprise.gateway.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One top-level section of the config file that stands on its own: its key, the YAML shape it binds, how that shape
 * becomes validated settings (a null shape means the section is absent: the defaults), and whether an edit of it
 * applies to a running gateway. Adding a section is one of these in {@link ConfigSections#ALL}; the loader and the
 * hot reload both walk that list, and the reload finds what changed by the settings' equality.
 *
 * @param <Y> the YAML shape (a record of nullable fields, bound strictly)
 * @param <S> the settings (a validated record with its defaults as named constants)
 */
public record ConfigSection<Y, S>(String key, Class<Y> yamlType, Function<Y, S> resolve, Reload reload) {

    /** Whether an edited section takes effect without a restart. */
    public enum Reload {
        /** Applied to the running gateway by whatever registered for it. */
        LIVE,
        /** Read at start only: an edit is logged as needing a restart. */
        RESTART
    }

    public ConfigSection {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(yamlType, "yamlType");
        Objects.requireNonNull(resolve, "resolve");
        Objects.requireNonNull(reload, "reload");
    }

    /** The settings when the section is absent from the file. */
    public S defaults() {
        return resolve.apply(null);
    }

    /**
     * Settings from the bound shape; a settings record's own {@link IllegalArgumentException} becomes a
     * {@link ConfigException}, since it already names the key and the value.
     */
    S settings(Y yaml) {
        try {
            return resolve.apply(yaml);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
