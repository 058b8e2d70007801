package dev.reprise.gateway.reload;

import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.GatewayConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Applies an edited config file to the running cache: threshold, per-alias thresholds, TTL, guards and
 * cacheability limits take effect at once. An invalid edit is logged and refused whole, and the
 * running settings stay; so is an edit of a setting that only a restart can change.
 */
public final class CacheReload {

    private static final Logger LOG = Logger.getLogger(CacheReload.class.getName());

    private final ResponseCache cache;
    private final ConfigLoader loader;

    public CacheReload(ResponseCache cache) {
        this(cache, ConfigLoader.withSystemEnv());
    }

    CacheReload(ResponseCache cache, ConfigLoader loader) {
        this.cache = cache;
        this.loader = loader;
    }

    /** Reloads {@code file}; returns true when new cache settings were applied. */
    public boolean reload(Path file) {
        GatewayConfig next;
        try {
            next = loader.loadFile(file);
        } catch (ConfigException e) {
            LOG.warning("config reload refused, keeping the running settings: " + e.getMessage());
            return false;
        }
        CacheSettings old = cache.settings();
        CacheSettings fresh = next.cache();
        List<String> changes = changes(old, fresh);
        if (changes.isEmpty()) {
            LOG.info(() -> "config file " + file + " changed; no cache setting changed (other sections need a restart)");
            return false;
        }
        try {
            cache.apply(fresh);
        } catch (IllegalArgumentException e) {
            LOG.warning("config reload refused, keeping the running settings: " + e.getMessage());
            return false;
        }
        LOG.info(() -> "config reloaded from " + file + ": " + String.join(", ", changes));
        return true;
    }

    private static List<String> changes(CacheSettings a, CacheSettings b) {
        List<String> out = new ArrayList<>();
        diff(out, "cache.enabled", a.enabled(), b.enabled());
        diff(out, "cache.embedding-model", a.embeddingModel(), b.embeddingModel());
        diff(out, "cache.similarity-threshold", a.similarityThreshold(), b.similarityThreshold());
        diff(out, "models[].cache-threshold", a.thresholdByAlias(), b.thresholdByAlias());
        diff(out, "cache.ttl", a.ttl(), b.ttl());
        diff(out, "cache.max-entries", a.maxEntries(), b.maxEntries());
        diff(out, "cache.max-temperature", a.maxTemperature(), b.maxTemperature());
        diff(out, "cache.cache-tool-calls", a.cacheToolCalls(), b.cacheToolCalls());
        diff(out, "cache.guards", a.guards(), b.guards());
        diff(out, "cache.normalization", a.normalization(), b.normalization());
        diff(out, "cache.commit-interval", a.commitInterval(), b.commitInterval());
        diff(out, "cache.query-log", a.queryLog(), b.queryLog());
        return out;
    }

    private static void diff(List<String> out, String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(key + " " + before + " -> " + after);
        }
    }
}
