package dev.reprise.gateway.config;

import dev.reprise.gateway.accesslog.AccessLogSettings;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.ledger.LedgerSettings;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.models.catalogue.Deployment;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole gateway config, validated: every value here has been checked, so the server can trust it.
 * {@code skippedModels} lists the aliases left out because their provider needs a key that is not set.
 * Later sections are added as fields here, each with its own record and YAML shape. {@code models} holds
 * one deployment per alias (the first of its {@code deployments}); {@code routing} holds them all, with
 * the fallbacks, variants and route rules.
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
        AccessLogSettings accessLog,
        LedgerSettings ledger) {

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
        accessLog = accessLog == null ? AccessLogSettings.defaults() : accessLog;
        ledger = ledger == null ? LedgerSettings.defaults() : ledger;
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

    /** A config with the default ledger. */
    public GatewayConfig(ServerConfig server, Path dataDir, AdminConfig admin, List<ApiKey> keys,
                         List<Deployment> models, List<String> skippedModels, CacheSettings cache, RoutingTable routing,
                         AccessLogSettings accessLog) {
        this(server, dataDir, admin, keys, models, skippedModels, cache, routing, accessLog, null);
    }

    /** A config with the default access log and ledger. */
    public GatewayConfig(ServerConfig server, Path dataDir, AdminConfig admin, List<ApiKey> keys,
                         List<Deployment> models, List<String> skippedModels, CacheSettings cache, RoutingTable routing) {
        this(server, dataDir, admin, keys, models, skippedModels, cache, routing, null);
    }

    /** A config without routing beyond one deployment per alias. */
    public GatewayConfig(ServerConfig server, Path dataDir, AdminConfig admin, List<ApiKey> keys,
                         List<Deployment> models, List<String> skippedModels, CacheSettings cache) {
        this(server, dataDir, admin, keys, models, skippedModels, cache, null);
    }

    /** A config that serves the given deployments with defaults everywhere else: for tests and embedding. */
    public static GatewayConfig of(List<Deployment> models) {
        return new GatewayConfig(ServerConfig.defaults(), null, null, null, models, null, null);
    }

    public GatewayConfig withServer(ServerConfig newServer) {
        return new GatewayConfig(newServer, dataDir, admin, keys, models, skippedModels, cache, routing, accessLog,
                ledger);
    }

    public GatewayConfig withKeys(List<ApiKey> newKeys) {
        return new GatewayConfig(server, dataDir, admin, newKeys, models, skippedModels, cache, routing, accessLog,
                ledger);
    }

    public GatewayConfig withCache(CacheSettings newCache) {
        return new GatewayConfig(server, dataDir, admin, keys, models, skippedModels, newCache, routing, accessLog,
                ledger);
    }

    public GatewayConfig withDataDir(Path newDataDir) {
        return new GatewayConfig(server, newDataDir, admin, keys, models, skippedModels, cache, routing, accessLog,
                ledger);
    }

    public GatewayConfig withAdmin(AdminConfig newAdmin) {
        return new GatewayConfig(server, dataDir, newAdmin, keys, models, skippedModels, cache, routing, accessLog,
                ledger);
    }

    public GatewayConfig withAccessLog(AccessLogSettings newAccessLog) {
        return new GatewayConfig(server, dataDir, admin, keys, models, skippedModels, cache, routing, newAccessLog,
                ledger);
    }

    public GatewayConfig withLedger(LedgerSettings newLedger) {
        return new GatewayConfig(server, dataDir, admin, keys, models, skippedModels, cache, routing, accessLog,
                newLedger);
    }

    /** No gateway keys: anyone who can reach the port may call it. */
    public boolean openMode() {
        return keys.isEmpty();
    }
}
