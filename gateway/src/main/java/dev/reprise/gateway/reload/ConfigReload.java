package dev.reprise.gateway.reload;

import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSection;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.config.GatewayConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Applies an edited config file to the running gateway. The cache's settings (thresholds, TTL, guards, ...) and
 * every {@link ConfigSection.Reload#LIVE} section with a registered applier take effect at once; an edit of anything
 * read at start only is logged as needing a restart. An invalid edit is logged and refused whole, and the running
 * settings stay (what was applied before a later applier refused is put back). What changed is found by the settings records' equality, section by section.
 */
public final class ConfigReload {

    private static final Logger LOG = Logger.getLogger(ConfigReload.class.getName());
    /** Counts each change of the file by its result, so operators (and tests) see that an edit was handled. */
    public static final String METRIC = "reprise_config_reloads";

    private final ConfigLoader loader;
    private final ResponseCache cache;
    private final Map<ConfigSection<?, ?>, Consumer<Object>> appliers;
    private final Counter applied;
    private final Counter refused;
    private final Counter unchanged;
    private GatewayConfig running;

    private ConfigReload(Builder b) {
        this.loader = b.loader;
        this.cache = b.cache;
        this.appliers = Map.copyOf(b.appliers);
        this.running = b.running;
        MeterRegistry registry = b.registry == null ? new SimpleMeterRegistry() : b.registry;
        this.applied = outcome(registry, "applied");
        this.refused = outcome(registry, "refused");
        this.unchanged = outcome(registry, "unchanged");
    }

    private static Counter outcome(MeterRegistry registry, String result) {
        return Counter.builder(METRIC).tag("result", result)
                .description("Config file changes seen: applied, refused (invalid), or with nothing live to apply")
                .register(registry);
    }

    /** A reload of {@code running}, reading files with the process environment. */
    public static Builder of(GatewayConfig running) {
        return new Builder(running);
    }

    /** Reloads {@code file}; returns true when new settings were applied. */
    public synchronized boolean reload(Path file) {
        GatewayConfig next;
        try {
            next = loader.loadFile(file);
        } catch (ConfigException e) {
            LOG.warning("config reload refused, keeping the running settings: " + e.getMessage());
            refused.increment();
            return false;
        }
        List<String> restart = new ArrayList<>();
        restartOnly(restart, "server", running.server(), next.server());
        restartOnly(restart, "data-dir", running.dataDir(), next.dataDir());
        restartOnly(restart, "admin", running.admin(), next.admin());
        restartOnly(restart, "keys", running.keys(), next.keys());
        restartOnly(restart, "models/routes", running.routing(), next.routing());
        List<ConfigSection<?, ?>> live = new ArrayList<>();
        for (ConfigSection<?, ?> s : ConfigSections.ALL) {
            if (Objects.equals(running.section(s), next.section(s))) {
                continue;
            }
            if (s.reload() == ConfigSection.Reload.LIVE && appliers.containsKey(s)) {
                live.add(s);
            } else {
                restart.add(s.key());
            }
        }
        List<String> cacheChanges = cache == null ? List.of() : CacheChanges.between(cache.settings(), next.cache());
        if (!restart.isEmpty()) {
            LOG.warning("config file " + file + " changed " + String.join(", ", restart)
                    + ", which only a restart applies; the running values stay until then");
        }
        if (live.isEmpty() && cacheChanges.isEmpty()) {
            LOG.info(() -> "config file " + file + " changed; nothing that applies while running changed");
            unchanged.increment();
            return false;
        }
        // What was applied is undone, latest first, if a later part refuses: the running values were accepted
        // before, so putting them back cannot be refused.
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            if (!cacheChanges.isEmpty()) {
                CacheSettings before = cache.settings();
                cache.apply(next.cache());
                undo.push(() -> cache.apply(before));
            }
            for (ConfigSection<?, ?> s : live) {
                Object before = running.section(s);
                appliers.get(s).accept(next.section(s));
                undo.push(() -> appliers.get(s).accept(before));
            }
        } catch (IllegalArgumentException e) {
            undo.forEach(Runnable::run);
            LOG.warning("config reload refused, keeping the running settings: " + e.getMessage());
            refused.increment();
            return false;
        }
        List<String> changed = new ArrayList<>(cacheChanges);
        live.forEach(s -> changed.add(s.key()));
        running = running.toBuilder().cache(next.cache()).build();
        for (ConfigSection<?, ?> s : live) {
            running = withSection(running, s, next);
        }
        LOG.info(() -> "config reloaded from " + file + ": " + String.join(", ", changed));
        applied.increment();
        return true;
    }

    private static <S> GatewayConfig withSection(GatewayConfig config, ConfigSection<?, S> s, GatewayConfig from) {
        return config.toBuilder().section(s, from.section(s)).build();
    }

    private static void restartOnly(List<String> out, String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(key);
        }
    }

    /** What a {@link ConfigReload} acts on. */
    public static final class Builder {

        private final GatewayConfig running;
        private ConfigLoader loader = ConfigLoader.withSystemEnv();
        private ResponseCache cache;
        private MeterRegistry registry;
        private final Map<ConfigSection<?, ?>, Consumer<Object>> appliers = new LinkedHashMap<>();

        private Builder(GatewayConfig running) {
            this.running = Objects.requireNonNull(running, "running");
        }

        public Builder loader(ConfigLoader value) {
            this.loader = value;
            return this;
        }

        /** The cache whose settings a reload changes; none when the cache is off. */
        public Builder cache(ResponseCache value) {
            this.cache = value;
            return this;
        }

        /** Where {@link #METRIC} is counted; none: not exported. */
        public Builder registry(MeterRegistry value) {
            this.registry = value;
            return this;
        }

        /**
         * What applies an edited {@link ConfigSection.Reload#LIVE} section; it may refuse a value with an
         * {@link IllegalArgumentException}. A live section without an applier is treated as read at start only.
         */
        public <S> Builder onChange(ConfigSection<?, S> section, Consumer<S> applier) {
            if (section.reload() != ConfigSection.Reload.LIVE) {
                throw new IllegalArgumentException("section '" + section.key() + "' is read at start only");
            }
            @SuppressWarnings("unchecked")
            Consumer<Object> untyped = value -> applier.accept((S) value);
            appliers.put(section, untyped);
            return this;
        }

        public ConfigReload build() {
            return new ConfigReload(this);
        }
    }
}
