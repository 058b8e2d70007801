package dev.reprise.gateway.config;

import dev.reprise.gateway.accesslog.AccessLogSettings;
import dev.reprise.gateway.budget.BudgetSettings;
import dev.reprise.gateway.cluster.ClusterSettings;
import dev.reprise.gateway.guardrails.GuardrailSettings;
import dev.reprise.gateway.guardrails.GuardrailsYaml;
import dev.reprise.gateway.keys.KeyStoreSettings;
import dev.reprise.gateway.ledger.LedgerSettings;
import dev.reprise.gateway.limits.LimitSettings;
import dev.reprise.gateway.overload.OverloadSettings;
import dev.reprise.gateway.shadow.ShadowSettings;

import java.util.List;

/**
 * The config file's stand-alone sections, in one list that the loader, the hot reload and the docs' key list walk.
 * The sections that depend on the model list ({@code models}, {@code routes}, {@code cache}, {@code keys}) are
 * bound with it by {@link ConfigLoader} instead.
 */
public final class ConfigSections {

    public static final ConfigSection<AccessLogSettings.Yaml, AccessLogSettings> ACCESS_LOG = new ConfigSection<>(
            "access-log", AccessLogSettings.Yaml.class,
            y -> y == null ? AccessLogSettings.defaults() : y.resolve(), ConfigSection.Reload.RESTART);

    public static final ConfigSection<LedgerYaml, LedgerSettings> LEDGER = new ConfigSection<>(
            "ledger", LedgerYaml.class, LedgerYaml::resolve, ConfigSection.Reload.RESTART);

    public static final ConfigSection<KeyStoreSettings.Yaml, KeyStoreSettings> KEY_STORE = new ConfigSection<>(
            "key-store", KeyStoreSettings.Yaml.class, KeyStoreSettings.Yaml::resolve, ConfigSection.Reload.RESTART);

    public static final ConfigSection<BudgetSettings.Yaml, BudgetSettings> BUDGETS = new ConfigSection<>(
            "budgets", BudgetSettings.Yaml.class, BudgetSettings.Yaml::resolve, ConfigSection.Reload.LIVE);

    public static final ConfigSection<LimitSettings.Yaml, LimitSettings> LIMITS = new ConfigSection<>(
            "limits", LimitSettings.Yaml.class, LimitSettings.Yaml::resolve, ConfigSection.Reload.LIVE);

    /** The top level of {@code guardrails}; {@code models[].guardrails} overrides are merged in by the loader. */
    public static final ConfigSection<GuardrailsYaml, GuardrailSettings> GUARDRAILS = new ConfigSection<>(
            "guardrails", GuardrailsYaml.class, GuardrailsYaml::resolve, ConfigSection.Reload.RESTART);

    /** The bounds of shadow traffic; {@code models[].shadow} candidates are merged in by the loader. */
    public static final ConfigSection<ShadowSettings.Yaml, ShadowSettings> SHADOW = new ConfigSection<>(
            "shadow", ShadowSettings.Yaml.class, ShadowSettings.Yaml::resolve, ConfigSection.Reload.RESTART);

    /** The Redis that several gateways share their rate limits through; absent, a single node. */
    public static final ConfigSection<ClusterSettings.Yaml, ClusterSettings> CLUSTER = new ConfigSection<>(
            "cluster", ClusterSettings.Yaml.class, ClusterSettings.Yaml::resolve, ConfigSection.Reload.RESTART);

    /** When the gateway skips its own CPU work under load, and when it sheds misses. */
    public static final ConfigSection<OverloadSettings.Yaml, OverloadSettings> OVERLOAD = new ConfigSection<>(
            "overload", OverloadSettings.Yaml.class, OverloadSettings.Yaml::resolve, ConfigSection.Reload.RESTART);

    /** Every stand-alone section; a new one is added here and nowhere else in the loader. */
    public static final List<ConfigSection<?, ?>> ALL = List.of(ACCESS_LOG, LEDGER, KEY_STORE, BUDGETS, LIMITS,
            GUARDRAILS, SHADOW, CLUSTER, OVERLOAD);

    private ConfigSections() {
    }
}
