package dev.reprise.gateway.reload;

import dev.reprise.gateway.cache.CacheSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The cache settings that differ between two configs, named by their config keys with both values, for the log. */
final class CacheChanges {

    private CacheChanges() {
    }

    static List<String> between(CacheSettings a, CacheSettings b) {
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
        diff(out, "cache.exact-search-limit", a.exactSearchLimit(), b.exactSearchLimit());
        diff(out, "cache.verifier", a.verifier(), b.verifier());
        diff(out, "cache.judge", a.judge(), b.judge());
        if (out.isEmpty() && !Objects.equals(a, b)) {
            // A setting the list above does not name yet: still applied, and said so.
            out.add("cache (other settings)");
        }
        return out;
    }

    private static void diff(List<String> out, String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(key + " " + before + " -> " + after);
        }
    }
}
