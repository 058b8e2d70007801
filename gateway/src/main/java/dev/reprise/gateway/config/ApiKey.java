package dev.reprise.gateway.config;

import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.limits.RateLimits;
import dev.reprise.models.catalogue.Secret;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One gateway API key from the {@code keys:} list: its id (what logs, errors and the ledger show, never the key),
 * the tenant its requests belong to (its id unless set), and what it may do.
 */
public record ApiKey(String id, Secret key, String tenant, KeyGrant grant) {

    /** Key ids and tenant ids end up in metrics, logs and cache namespaces, so keep them plain. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        tenant = tenant == null ? id : tenant;
        grant = grant == null ? KeyGrant.UNRESTRICTED : grant;
    }

    /** A key whose tenant is its id, with no restrictions. */
    public ApiKey(String id, Secret key) {
        this(id, key, null, null);
    }

    /** The YAML shape: {@code {id, key, tenant, models, limits: {rpm, tpm}, budget: {usd, period, soft-limit}}}. */
    record Yaml(String id, String key, String tenant, List<String> models, LimitsYaml limits, BudgetYaml budget) {

        ApiKey resolve(String path) {
            if (id == null || id.isBlank()) {
                throw ConfigException.at(path + ".id", "is required (the key's name in logs and usage)");
            }
            if (!ID.matcher(id).matches()) {
                throw ConfigException.at(path + ".id", "'" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (key == null || key.isBlank()) {
                throw ConfigException.at(path + ".key", "is empty (its environment variable may be unset or empty)");
            }
            if (tenant != null && !ID.matcher(tenant).matches()) {
                throw ConfigException.at(path + ".tenant", "'" + tenant
                        + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            Set<String> aliases = new LinkedHashSet<>();
            if (models != null) {
                for (int i = 0; i < models.size(); i++) {
                    if (models.get(i) == null || models.get(i).isBlank()) {
                        throw ConfigException.at(path + ".models[" + i + "]", "is empty; expected a model alias");
                    }
                    aliases.add(models.get(i).strip());
                }
            }
            RateLimits rateLimits = limits == null ? RateLimits.NONE : limits.resolve(path + ".limits");
            Budget spend = budget == null ? null : budget.resolve(path + ".budget");
            return new ApiKey(id, Secret.of(key.strip()), tenant, new KeyGrant(aliases, rateLimits, spend));
        }
    }

    /** {@code {rpm, tpm}}: requests and tokens per minute, either left out for none. */
    public record LimitsYaml(Long rpm, Long tpm) {

        public RateLimits resolve(String path) {
            long r = rpm == null ? 0 : rpm;
            long t = tpm == null ? 0 : tpm;
            if (r < 0) {
                throw ConfigException.at(path + ".rpm", "must be >= 0 (0: no limit), got " + r);
            }
            if (t < 0) {
                throw ConfigException.at(path + ".tpm", "must be >= 0 (0: no limit), got " + t);
            }
            return new RateLimits(r, t);
        }
    }

    /** {@code {usd, period, soft-limit}}: dollars per calendar period (UTC; default month), warning from a share. */
    public record BudgetYaml(Double usd, String period, Double softLimit) {

        public Budget resolve(String path) {
            if (usd == null || !(usd > 0) || usd.isInfinite()) {
                throw ConfigException.at(path + ".usd", "must be a positive amount of dollars, got " + usd);
            }
            BudgetPeriod p;
            try {
                p = period == null ? Budget.DEFAULT_PERIOD : BudgetPeriod.parse(path + ".period", period);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            double soft = softLimit == null ? Budget.DEFAULT_SOFT_LIMIT : softLimit;
            if (!(soft > 0 && soft <= 1)) {
                throw ConfigException.at(path + ".soft-limit", "must be above 0 and at most 1, got " + soft);
            }
            return new Budget(usd, p, soft);
        }
    }
}
