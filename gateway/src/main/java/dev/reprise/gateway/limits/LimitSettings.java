package dev.reprise.gateway.limits;

import dev.reprise.gateway.config.ApiKey;
import dev.reprise.gateway.config.ConfigException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code limits}: requests and tokens per minute per tenant and per alias (all callers together, and each caller on
 * its own), beside each key's own {@code keys[].limits}; how many answer tokens a request is assumed to use when it
 * names no {@code max_tokens}; and what a cache hit counts. No limits by default. Applied on hot reload.
 *
 * @param tenants          each named tenant's limits, all its keys together
 * @param aliases          each alias's limits
 * @param defaultMaxTokens answer tokens assumed before the call when the request names neither {@code max_tokens}
 *                         nor {@code max_completion_tokens}; the real usage corrects it once the answer is in
 * @param cacheHits        whether a cache hit counts against request and token limits
 */
public record LimitSettings(Map<String, RateLimits> tenants, Map<String, AliasLimits> aliases, long defaultMaxTokens,
                            CacheHitCounting cacheHits) {

    public static final long DEFAULT_MAX_TOKENS = 1024;
    /** A hit is a request the client made, but it spends no provider tokens. */
    public static final CacheHitCounting DEFAULT_CACHE_HITS = new CacheHitCounting(true, false);

    public LimitSettings {
        tenants = Map.copyOf(tenants);
        aliases = Map.copyOf(aliases);
        Objects.requireNonNull(cacheHits, "cacheHits");
        if (defaultMaxTokens < 0) {
            throw new IllegalArgumentException("limits.default-max-tokens must be >= 0, got " + defaultMaxTokens);
        }
    }

    public static LimitSettings defaults() {
        return new LimitSettings(Map.of(), Map.of(), DEFAULT_MAX_TOKENS, DEFAULT_CACHE_HITS);
    }

    /**
     * One alias's limits.
     *
     * @param all       every caller of the alias together: keep it under the provider's own quota
     * @param perCaller each caller (a key, or an open-mode tenant) on its own
     */
    public record AliasLimits(RateLimits all, RateLimits perCaller) {

        public AliasLimits {
            Objects.requireNonNull(all, "all");
            Objects.requireNonNull(perCaller, "perCaller");
        }
    }

    /** Whether a cache hit takes a request, and its answer's tokens, from the limits. */
    public record CacheHitCounting(boolean requests, boolean tokens) {
    }

    /** The YAML shape: {@code {tenants: {name: {rpm, tpm}}, aliases: {alias: {rpm, tpm, per-caller}}, ...}}. */
    public record Yaml(Map<String, ApiKey.LimitsYaml> tenants, Map<String, AliasYaml> aliases, Long defaultMaxTokens,
                       CacheHitsYaml cacheHits) {

        /** Settings from {@code yaml}; null (no {@code limits:}) gives the defaults. */
        public static LimitSettings resolve(Yaml yaml) {
            if (yaml == null) {
                return defaults();
            }
            Map<String, RateLimits> byTenant = new LinkedHashMap<>();
            if (yaml.tenants != null) {
                yaml.tenants.forEach((tenant, limits) -> {
                    String path = "limits.tenants." + tenant;
                    if (!ApiKey.ID.matcher(tenant).matches()) {
                        throw ConfigException.at(path,
                                "'" + tenant + "' must be 1-64 letters, digits, '.', '_' or '-'");
                    }
                    byTenant.put(tenant, limits == null ? RateLimits.NONE : limits.resolve(path));
                });
            }
            Map<String, AliasLimits> byAlias = new LinkedHashMap<>();
            if (yaml.aliases != null) {
                yaml.aliases.forEach((alias, limits) -> byAlias.put(alias,
                        limits == null ? new AliasLimits(RateLimits.NONE, RateLimits.NONE)
                                : limits.resolve("limits.aliases." + alias)));
            }
            long maxTokens = yaml.defaultMaxTokens == null ? DEFAULT_MAX_TOKENS : yaml.defaultMaxTokens;
            if (maxTokens < 0) {
                throw ConfigException.at("limits.default-max-tokens", "must be >= 0, got " + maxTokens);
            }
            CacheHitCounting hits = yaml.cacheHits == null ? DEFAULT_CACHE_HITS : new CacheHitCounting(
                    yaml.cacheHits.requests == null ? DEFAULT_CACHE_HITS.requests() : yaml.cacheHits.requests,
                    yaml.cacheHits.tokens == null ? DEFAULT_CACHE_HITS.tokens() : yaml.cacheHits.tokens);
            return new LimitSettings(byTenant, byAlias, maxTokens, hits);
        }
    }

    /** {@code {rpm, tpm, per-caller: {rpm, tpm}}}. */
    public record AliasYaml(Long rpm, Long tpm, ApiKey.LimitsYaml perCaller) {

        AliasLimits resolve(String path) {
            return new AliasLimits(new ApiKey.LimitsYaml(rpm, tpm).resolve(path),
                    perCaller == null ? RateLimits.NONE : perCaller.resolve(path + ".per-caller"));
        }
    }

    /** {@code {requests, tokens}}. */
    public record CacheHitsYaml(Boolean requests, Boolean tokens) {
    }
}
