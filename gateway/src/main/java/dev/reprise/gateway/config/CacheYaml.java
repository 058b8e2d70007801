package dev.reprise.gateway.config;

import dev.reprise.cache.HitPolicy;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.NormalizationOptions;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.VerifierSettings;
import dev.reprise.gateway.judge.JudgePrompt;
import dev.reprise.gateway.judge.JudgeSettings;
import dev.reprise.gateway.querylog.QueryLogSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code cache:} section as written in YAML. Absent keys take {@link CacheSettings}'s defaults;
 * {@code ttl: 0} or {@code ttl: never} keeps entries until they are evicted.
 */
record CacheYaml(Boolean enabled, String embeddingModel, Double similarityThreshold, String ttl, Integer maxEntries,
                 Double maxTemperature, Boolean cacheToolCalls, GuardsYaml guards, NormalizationYaml normalization,
                 String commitInterval, QueryLogYaml queryLog, Integer exactSearchLimit, VerifierYaml verifier,
                 JudgeYaml judge) {

    /** {@code cache.verifier}. */
    record VerifierYaml(Boolean enabled, String model, Double minProbability, Integer candidates, Double recallFloor) {

        VerifierSettings resolve() {
            VerifierSettings d = VerifierSettings.defaults();
            Path file = model == null || model.isBlank() ? null : Path.of(model.strip());
            try {
                return new VerifierSettings(or(enabled, d.enabled()), file,
                        minProbability == null ? d.minProbability() : minProbability,
                        candidates == null ? d.candidates() : candidates,
                        recallFloor == null ? d.recallFloor() : recallFloor);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
    }

    /** {@code cache.judge}; off unless {@code alias} is set. */
    record JudgeYaml(String alias, Double floor, Integer maxPerMinute, Double maxShare, Double dailyBudgetUsd,
                     Integer minYes, String prompt, Integer queueCapacity, String timeout) {

        JudgeSettings resolve() {
            JudgeSettings d = JudgeSettings.defaults();
            Duration t = ConfigValues.positiveDuration("cache.judge.timeout", timeout, d.timeout());
            try {
                return new JudgeSettings(alias == null ? null : alias.strip(),
                        floor == null ? d.floor() : floor,
                        maxPerMinute == null ? d.maxPerMinute() : maxPerMinute,
                        maxShare == null ? d.maxShare() : maxShare,
                        dailyBudgetUsd == null ? d.dailyBudgetUsd() : dailyBudgetUsd,
                        minYes == null ? d.minYes() : minYes,
                        prompt == null ? d.prompt() : new JudgePrompt(prompt),
                        queueCapacity == null ? d.queueCapacity() : queueCapacity, t);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
    }

    /** {@code cache.guards}. */
    record GuardsYaml(Boolean numbers, Boolean negation, Boolean contextual) {
    }

    /** {@code cache.normalization}. */
    record NormalizationYaml(Boolean lowercase, Boolean collapseWhitespace, Boolean stripTrailingPunctuation,
                             Boolean stripPleasantries) {
    }

    /** {@code cache.query-log}; sizes as strings so errors can quote them. */
    record QueryLogYaml(Boolean enabled, String maxSize, String path) {

        QueryLogSettings resolve() {
            QueryLogSettings d = QueryLogSettings.defaults();
            long maxSize = ConfigValues.size("cache.query-log.max-size", this.maxSize, d.maxSize());
            Path folder = path == null || path.isBlank() ? null : Path.of(path.strip());
            try {
                return new QueryLogSettings(or(enabled, d.enabled()), maxSize, folder);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
    }

    static CacheSettings resolve(CacheYaml yaml, Map<String, Double> thresholdByAlias) {
        CacheSettings d = CacheSettings.defaults();
        if (yaml == null) {
            return settings(d.enabled(), d.embeddingModel(), d.similarityThreshold(), thresholdByAlias, d.ttl(),
                    d.maxEntries(), d.maxTemperature(), d.cacheToolCalls(), d.guards(), d.normalization(),
                    d.commitInterval(), d.queryLog(), d.exactSearchLimit(), d.verifier(), d.judge());
        }
        EmbeddingModelChoice model = d.embeddingModel();
        if (yaml.embeddingModel != null) {
            try {
                model = EmbeddingModelChoice.parse(yaml.embeddingModel);
            } catch (IllegalArgumentException e) {
                throw ConfigException.at("cache.embedding-model", e.getMessage());
            }
        }
        Duration ttl = d.ttl();
        if (yaml.ttl != null) {
            String t = yaml.ttl.strip();
            ttl = t.equals("never") ? null : ConfigValues.duration("cache.ttl", t, d.ttl());
            if (ttl != null && ttl.isZero()) {
                ttl = null;
            }
        }
        HitPolicy.Guards guards = d.guards();
        if (yaml.guards != null) {
            guards = new HitPolicy.Guards(or(yaml.guards.numbers, guards.numbers()),
                    or(yaml.guards.negation, guards.negation()), or(yaml.guards.contextual, guards.contextual()));
        }
        NormalizationOptions norm = d.normalization();
        if (yaml.normalization != null) {
            NormalizationYaml n = yaml.normalization;
            norm = new NormalizationOptions(or(n.lowercase, norm.lowercase()),
                    or(n.collapseWhitespace, norm.collapseWhitespace()),
                    or(n.stripTrailingPunctuation, norm.stripTrailingPunctuation()),
                    or(n.stripPleasantries, norm.stripPleasantries()));
        }
        return settings(or(yaml.enabled, d.enabled()), model,
                yaml.similarityThreshold == null ? d.similarityThreshold() : yaml.similarityThreshold,
                thresholdByAlias, ttl,
                yaml.maxEntries == null ? d.maxEntries() : yaml.maxEntries,
                yaml.maxTemperature == null ? d.maxTemperature() : yaml.maxTemperature,
                or(yaml.cacheToolCalls, d.cacheToolCalls()), guards, norm,
                ConfigValues.positiveDuration("cache.commit-interval", yaml.commitInterval, d.commitInterval()),
                yaml.queryLog == null ? d.queryLog() : yaml.queryLog.resolve(),
                yaml.exactSearchLimit == null ? d.exactSearchLimit() : yaml.exactSearchLimit,
                yaml.verifier == null ? d.verifier() : yaml.verifier.resolve(),
                yaml.judge == null ? d.judge() : yaml.judge.resolve());
    }

    private static CacheSettings settings(boolean enabled, EmbeddingModelChoice model, double threshold,
                                          Map<String, Double> byAlias, Duration ttl, int maxEntries,
                                          double maxTemperature, boolean toolCalls, HitPolicy.Guards guards,
                                          NormalizationOptions norm, Duration commitInterval,
                                          QueryLogSettings queryLog, int exactSearchLimit,
                                          VerifierSettings verifier, JudgeSettings judge) {
        try {
            return new CacheSettings(enabled, model, threshold, byAlias, ttl, maxEntries, maxTemperature, toolCalls,
                    guards, norm, commitInterval, queryLog, exactSearchLimit, verifier, judge);
        } catch (IllegalArgumentException e) {
            // CacheSettings names the key and the value; make it a config error like every other.
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
