package dev.reprise.gateway.config;

import dev.reprise.gateway.accesslog.AccessLogSettings;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.ledger.LedgerSettings;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.models.catalogue.Deployment;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole gateway config, validated: every value here has been checked, so the server can trust it.
 * {@code skippedModels} lists the aliases left out because their provider needs a key that is not set.
 * {@code models} holds one deployment per alias (the first of its {@code deployments}); {@code routing} holds them
 * all, with the fallbacks, variants and route rules. The stand-alone sections ({@link ConfigSections#ALL}) are kept
 * by section and read with {@link #section}; an absent one reads as its defaults. Build one with {@link #builder}.
 */
public record GatewayConfig(
        ServerConfig server,
        Path dataDir,
        AdminConfig admin,
        List<ApiKey> keys,
        List<Deployment> models,
        List<String> skippedModels,
        CacheSettings cache,
        RoutingTable routing,
        Map<ConfigSection<?, ?>, Object> sections) {

    public static final Path DEFAULT_DATA_DIR = Path.of("data");

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        admin = admin == null ? AdminConfig.disabled() : admin;
        keys = keys == null ? List.of() : List.copyOf(keys);
        models = models == null ? List.of() : List.copyOf(models);
        skippedModels = skippedModels == null ? List.of() : List.copyOf(skippedModels);
        cache = cache == null ? CacheSettings.defaults() : cache;
        routing = routing == null ? RoutingTable.of(models) : routing;
        sections = withDefaults(sections);
        if (models.isEmpty()) {
            throw ConfigException.at("models", skippedModels.isEmpty()
                    ? "no model alias is configured; add at least one (the mock provider needs no key)"
                    : "no model alias is usable: " + String.join(", ", skippedModels)
                    + " need an api-key that is not set");
        }
        Set<String> aliases = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            if (!aliases.add(models.get(i).alias())) {
                throw ConfigException.at("models[" + i + "].name", "'" + models.get(i).alias() + "' is defined twice");
            }
        }
        Set<String> ids = new HashSet<>();
        Set<Object> secrets = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!ids.add(keys.get(i).id())) {
                throw ConfigException.at("keys[" + i + "].id", "'" + keys.get(i).id() + "' is defined twice");
            }
            if (!secrets.add(keys.get(i).key())) {
                throw ConfigException.at("keys[" + i + "].key", "the same key is given to two tenants");
            }
        }
    }

    /** Every registered section, in {@link ConfigSections#ALL}'s order, absent ones as their defaults. */
    private static Map<ConfigSection<?, ?>, Object> withDefaults(Map<ConfigSection<?, ?>, Object> given) {
        Map<ConfigSection<?, ?>, Object> all = new LinkedHashMap<>();
        for (ConfigSection<?, ?> s : ConfigSections.ALL) {
            Object value = given == null ? null : given.get(s);
            all.put(s, value == null ? s.defaults() : value);
        }
        if (given != null) {
            for (ConfigSection<?, ?> s : given.keySet()) {
                if (!all.containsKey(s)) {
                    throw new IllegalArgumentException("section '" + s.key() + "' is not in ConfigSections.ALL");
                }
            }
        }
        return java.util.Collections.unmodifiableMap(all);
    }

    /** A config that serves the given deployments with defaults everywhere else: for tests and embedding. */
    public static GatewayConfig of(List<Deployment> models) {
        return builder(models).build();
    }

    public static Builder builder(List<Deployment> models) {
        return new Builder().models(models);
    }

    /** A builder holding this config's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder().server(server).dataDir(dataDir).admin(admin).keys(keys).models(models)
                .skippedModels(skippedModels).cache(cache).routing(routing);
        b.sections.putAll(sections);
        return b;
    }

    /** The settings of a stand-alone section (its defaults when the file leaves it out). */
    public <S> S section(ConfigSection<?, S> section) {
        Object value = sections.get(section);
        if (value == null) {
            throw new IllegalArgumentException("section '" + section.key() + "' is not in ConfigSections.ALL");
        }
        @SuppressWarnings("unchecked")
        S typed = (S) value;
        return typed;
    }

    public AccessLogSettings accessLog() {
        return section(ConfigSections.ACCESS_LOG);
    }

    public LedgerSettings ledger() {
        return section(ConfigSections.LEDGER);
    }

    public GatewayConfig withServer(ServerConfig newServer) {
        return toBuilder().server(newServer).build();
    }

    public GatewayConfig withKeys(List<ApiKey> newKeys) {
        return toBuilder().keys(newKeys).build();
    }

    public GatewayConfig withCache(CacheSettings newCache) {
        return toBuilder().cache(newCache).build();
    }

    public GatewayConfig withDataDir(Path newDataDir) {
        return toBuilder().dataDir(newDataDir).build();
    }

    public GatewayConfig withAdmin(AdminConfig newAdmin) {
        return toBuilder().admin(newAdmin).build();
    }

    public GatewayConfig withAccessLog(AccessLogSettings newAccessLog) {
        return toBuilder().section(ConfigSections.ACCESS_LOG, newAccessLog).build();
    }

    public GatewayConfig withLedger(LedgerSettings newLedger) {
        return toBuilder().section(ConfigSections.LEDGER, newLedger).build();
    }

    /** No gateway keys in the file (the key store may still hold some). */
    public boolean openMode() {
        return keys.isEmpty();
    }

    /** Builds a {@link GatewayConfig}; what is not set takes its default, and {@link #build} validates the whole. */
    public static final class Builder {

        private ServerConfig server = ServerConfig.defaults();
        private Path dataDir;
        private AdminConfig admin;
        private List<ApiKey> keys;
        private List<Deployment> models;
        private List<String> skippedModels;
        private CacheSettings cache;
        private RoutingTable routing;
        private final Map<ConfigSection<?, ?>, Object> sections = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder server(ServerConfig value) {
            this.server = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        public Builder admin(AdminConfig value) {
            this.admin = value;
            return this;
        }

        public Builder keys(List<ApiKey> value) {
            this.keys = value;
            return this;
        }

        public Builder models(List<Deployment> value) {
            this.models = value;
            return this;
        }

        public Builder skippedModels(List<String> value) {
            this.skippedModels = value;
            return this;
        }

        public Builder cache(CacheSettings value) {
            this.cache = value;
            return this;
        }

        /** The routing table; left unset, one deployment per alias from {@link #models}. */
        public Builder routing(RoutingTable value) {
            this.routing = value;
            return this;
        }

        public <S> Builder section(ConfigSection<?, S> section, S value) {
            sections.put(Objects.requireNonNull(section, "section"), Objects.requireNonNull(value, section.key()));
            return this;
        }

        /** Puts an untyped section value, as the loader binds it; its type is the section's by construction. */
        Builder sectionValue(ConfigSection<?, ?> section, Object value) {
            sections.put(section, value);
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(server, dataDir, admin, keys, models, skippedModels, cache, routing, sections);
        }
    }
}
