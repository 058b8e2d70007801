package dev.reprise.gateway.cache;

import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.IndexOptions;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.NormalizationOptions;
import dev.reprise.gateway.judge.JudgeSettings;
import dev.reprise.gateway.querylog.QueryLogSettings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code cache:} section, validated. Threshold, per-alias thresholds, TTL, guards and the
 * cacheability limits may change on a hot reload; the embedding model, normalisation and index size
 * are fixed at start (a reload that changes them is refused with a message saying so), and so are the
 * query log and the exact search limit.
 *
 * @param thresholdByAlias per-alias overrides of {@code similarityThreshold}, from {@code models[].cache-threshold}
 * @param ttl              how long an entry lives; null means until evicted
 */
public record CacheSettings(
        boolean enabled,
        EmbeddingModelChoice embeddingModel,
        double similarityThreshold,
        Map<String, Double> thresholdByAlias,
        Duration ttl,
        int maxEntries,
        double maxTemperature,
        boolean cacheToolCalls,
        HitPolicy.Guards guards,
        NormalizationOptions normalization,
        Duration commitInterval,
        QueryLogSettings queryLog,
        int exactSearchLimit,
        VerifierSettings verifier,
        JudgeSettings judge) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final EmbeddingModelChoice DEFAULT_MODEL = EmbeddingModelChoice.DEFAULT;
    /** Chosen for MiniLM from labelled support queries: lower thresholds serve wrong answers (see README). */
    public static final double DEFAULT_THRESHOLD = 0.95;
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    public static final int DEFAULT_MAX_ENTRIES = IndexOptions.DEFAULT_MAX_ENTRIES;
    /** Above this temperature the client asked for variety, which a cache would take away. */
    public static final double DEFAULT_MAX_TEMPERATURE = 1.0;
    public static final boolean DEFAULT_CACHE_TOOL_CALLS = false;
    /** How often new entries are made durable; a crash loses at most this much. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = IndexOptions.DEFAULT_COMMIT_INTERVAL;
    /** Namespaces up to this size are searched exactly (every entry scored); larger ones through the HNSW graph. */
    public static final int DEFAULT_EXACT_SEARCH_LIMIT = IndexOptions.DEFAULT_EXACT_SEARCH_LIMIT;

    public CacheSettings {
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        Objects.requireNonNull(guards, "guards");
        Objects.requireNonNull(normalization, "normalization");
        commitInterval = commitInterval == null ? DEFAULT_COMMIT_INTERVAL : commitInterval;
        queryLog = queryLog == null ? QueryLogSettings.defaults() : queryLog;
        verifier = verifier == null ? VerifierSettings.defaults() : verifier;
        judge = judge == null ? JudgeSettings.defaults() : judge;
        if (commitInterval.compareTo(IndexOptions.MIN_COMMIT_INTERVAL) < 0) {
            throw new IllegalArgumentException("cache.commit-interval must be at least "
                    + IndexOptions.MIN_COMMIT_INTERVAL.toMillis() + "ms, got " + commitInterval.toMillis() + "ms");
        }
        thresholdByAlias = thresholdByAlias == null ? Map.of() : Map.copyOf(thresholdByAlias);
        requireThreshold("cache.similarity-threshold", similarityThreshold);
        thresholdByAlias.forEach((alias, t) -> requireThreshold("models[" + alias + "].cache-threshold", t));
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("cache.ttl must be > 0, got " + ttl);
        }
        if (maxEntries < 1 || maxEntries > IndexOptions.MAX_MAX_ENTRIES) {
            throw new IllegalArgumentException("cache.max-entries must be between 1 and " + IndexOptions.MAX_MAX_ENTRIES
                    + ", got " + maxEntries);
        }
        if (exactSearchLimit < 0 || exactSearchLimit > IndexOptions.MAX_MAX_ENTRIES) {
            throw new IllegalArgumentException("cache.exact-search-limit must be between 0 and "
                    + IndexOptions.MAX_MAX_ENTRIES + ", got " + exactSearchLimit);
        }
        if (!(maxTemperature >= 0 && maxTemperature <= 2)) {
            throw new IllegalArgumentException("cache.max-temperature must be between 0 and 2, got " + maxTemperature);
        }
    }

    /** Settings without a query log. */
    public CacheSettings(boolean enabled, EmbeddingModelChoice embeddingModel, double similarityThreshold,
                         Map<String, Double> thresholdByAlias, Duration ttl, int maxEntries, double maxTemperature,
                         boolean cacheToolCalls, HitPolicy.Guards guards, NormalizationOptions normalization,
                         Duration commitInterval) {
        this(enabled, embeddingModel, similarityThreshold, thresholdByAlias, ttl, maxEntries, maxTemperature,
                cacheToolCalls, guards, normalization, commitInterval, null, DEFAULT_EXACT_SEARCH_LIMIT, null, null);
    }

    public static CacheSettings defaults() {
        return new CacheSettings(DEFAULT_ENABLED, DEFAULT_MODEL, DEFAULT_THRESHOLD, Map.of(), DEFAULT_TTL,
                DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TEMPERATURE, DEFAULT_CACHE_TOOL_CALLS, HitPolicy.Guards.ALL,
                NormalizationOptions.DEFAULTS, DEFAULT_COMMIT_INTERVAL);
    }

    public CacheSettings withVerifier(VerifierSettings newVerifier) {
        return new CacheSettings(enabled, embeddingModel, similarityThreshold, thresholdByAlias, ttl, maxEntries,
                maxTemperature, cacheToolCalls, guards, normalization, commitInterval, queryLog, exactSearchLimit,
                newVerifier, judge);
    }

    public CacheSettings withJudge(JudgeSettings newJudge) {
        return new CacheSettings(enabled, embeddingModel, similarityThreshold, thresholdByAlias, ttl, maxEntries,
                maxTemperature, cacheToolCalls, guards, normalization, commitInterval, queryLog, exactSearchLimit,
                verifier, newJudge);
    }

    /** The threshold for one alias: its override, else the global one. */
    public double thresholdFor(String alias) {
        return thresholdByAlias.getOrDefault(alias, similarityThreshold);
    }

    public CacheSettings withThreshold(double threshold) {
        return new CacheSettings(enabled, embeddingModel, threshold, thresholdByAlias, ttl, maxEntries, maxTemperature,
                cacheToolCalls, guards, normalization, commitInterval, queryLog, exactSearchLimit, verifier, judge);
    }

    public CacheSettings withEnabled(boolean on) {
        return new CacheSettings(on, embeddingModel, similarityThreshold, thresholdByAlias, ttl, maxEntries,
                maxTemperature, cacheToolCalls, guards, normalization, commitInterval, queryLog, exactSearchLimit, verifier, judge);
    }

    public CacheSettings withTtl(Duration newTtl) {
        return new CacheSettings(enabled, embeddingModel, similarityThreshold, thresholdByAlias, newTtl, maxEntries,
                maxTemperature, cacheToolCalls, guards, normalization, commitInterval, queryLog, exactSearchLimit, verifier, judge);
    }

    public CacheSettings withQueryLog(QueryLogSettings newQueryLog) {
        return new CacheSettings(enabled, embeddingModel, similarityThreshold, thresholdByAlias, ttl, maxEntries,
                maxTemperature, cacheToolCalls, guards, normalization, commitInterval, newQueryLog, exactSearchLimit, verifier, judge);
    }

    /** What a hot reload may not change: the name of the first such setting that differs, or null. */
    public String fixedSettingChangedFrom(CacheSettings old) {
        if (enabled != old.enabled) {
            return "cache.enabled";
        }
        if (embeddingModel != old.embeddingModel) {
            return "cache.embedding-model";
        }
        if (maxEntries != old.maxEntries) {
            return "cache.max-entries";
        }
        if (!normalization.equals(old.normalization)) {
            return "cache.normalization";
        }
        if (!commitInterval.equals(old.commitInterval)) {
            return "cache.commit-interval";
        }
        if (!queryLog.equals(old.queryLog)) {
            return "cache.query-log";
        }
        if (exactSearchLimit != old.exactSearchLimit) {
            return "cache.exact-search-limit";
        }
        if (verifier.loadsAnotherModelThan(old.verifier)) {
            return "cache.verifier.enabled or cache.verifier.model";
        }
        if (!judge.equals(old.judge)) {
            return "cache.judge";
        }
        return null;
    }

    private static void requireThreshold(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " must be in (0, 1], got " + value);
        }
    }
}
