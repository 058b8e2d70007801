package dev.reprise.gateway;

import dev.reprise.gateway.accesslog.AccessLog;
import dev.reprise.gateway.admin.AdminCacheService;
import dev.reprise.gateway.admin.AdminKeyFile;
import dev.reprise.gateway.admin.AdminDeploymentsService;
import dev.reprise.gateway.admin.AdminUsageService;
import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.reload.CacheReload;
import dev.reprise.gateway.reload.ConfigWatcher;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.http.HttpApi;
import dev.reprise.gateway.http.OpenAiDirectHandler;
import dev.reprise.gateway.judge.AliasJudgeModel;
import dev.reprise.gateway.judge.BackgroundJudge;
import dev.reprise.gateway.judge.JudgeModel;
import dev.reprise.gateway.judge.LabelStore;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.metrics.RequestMetrics;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.gateway.server.HttpListener;
import dev.reprise.gateway.stage.ChatPipeline;
import dev.reprise.gateway.upstream.DeploymentPools;
import dev.reprise.gateway.upstream.FallbackChain;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ModelCatalogue;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderFactory;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.http.DirectHandlers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A running gateway: the HTTP server and everything it owns (providers, metrics). {@link #start} is what
 * {@link Main} and the tests both use, so tests run the real server (on port 0).
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final GatewayConfig config;
    private final HttpListener listener;
    private final ProviderPool providers;
    private final PrometheusMeterRegistry registry;
    private final AtomicBoolean ready;
    private final ResponseCache cache;
    private final QueryLog queryLog;
    private final AccessLog accessLog;
    private final UsageLedger ledger;
    private final ConfigWatcher watcher;
    private final BackgroundJudge judge;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(GatewayConfig config, HttpListener listener, ProviderPool providers, PrometheusMeterRegistry registry,
                    AtomicBoolean ready, ResponseCache cache, QueryLog queryLog, AccessLog accessLog,
                    ConfigWatcher watcher, UsageLedger ledger, BackgroundJudge judge) {
        this.config = config;
        this.listener = listener;
        this.providers = providers;
        this.registry = registry;
        this.ready = ready;
        this.cache = cache;
        this.queryLog = queryLog;
        this.accessLog = accessLog;
        this.ledger = ledger;
        this.watcher = watcher;
        this.judge = judge;
    }

    /**
     * How to start beyond the config: where providers come from, the clock the cache's TTLs, breakers and
     * key rests read, and the config file to watch for hot reloads (none for an embedded or built-in config).
     */
    public record Options(Function<Deployment, Provider> providerFactory, Clock clock, Path watchedConfig,
                          Duration reloadInterval) {

        public static Options defaults() {
            return new Options(ProviderFactory::create, Clock.systemUTC(), null, ConfigWatcher.DEFAULT_INTERVAL);
        }

        public Options withProviderFactory(Function<Deployment, Provider> factory) {
            return new Options(factory, clock, watchedConfig, reloadInterval);
        }

        public Options withClock(Clock newClock) {
            return new Options(providerFactory, newClock, watchedConfig, reloadInterval);
        }

        public Options watching(Path file, Duration interval) {
            return new Options(providerFactory, clock, file, interval);
        }
    }

    /** Starts a gateway whose providers come from {@link ProviderFactory}. */
    public static Gateway start(GatewayConfig config) {
        return start(config, Options.defaults());
    }

    public static Gateway start(GatewayConfig config, Function<Deployment, Provider> providerFactory) {
        return start(config, Options.defaults().withProviderFactory(providerFactory));
    }

    /**
     * Starts a gateway with providers built by {@code providerFactory} (tests wrap or fake them).
     *
     * @throws GatewayStartException when a provider cannot be built or the port cannot be bound
     */
    public static Gateway start(GatewayConfig config, Options options) {
        checkPortIsFree(config.server().host(), config.server().port());
        config = withAdminKey(config);
        ProviderPool providers;
        try {
            providers = ProviderPool.create(config.routing().allKeyedDeployments(), options.providerFactory());
        } catch (IllegalStateException e) {
            throw new GatewayStartException(e.getMessage(), e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ResponseCache cache = null;
        if (config.cache().enabled()) {
            try {
                cache = ResponseCache.open(config.cache(), config.dataDir(), options.clock(), registry);
            } catch (RuntimeException e) {
                providers.close();
                throw new GatewayStartException("cannot open the cache index under " + config.dataDir().toAbsolutePath()
                        + ": " + e.getMessage(), e);
            }
        }
        QueryLog queryLog = null;
        if (cache == null && config.cache().queryLog().enabled()) {
            LOG.warning("cache.query-log.enabled is true but the cache is off: no query reaches a cache lookup, "
                    + "so nothing is logged");
        }
        if (cache != null && config.cache().queryLog().enabled()) {
            Path folder = config.cache().queryLog().folderUnder(config.dataDir());
            try {
                queryLog = QueryLog.open(config.cache().queryLog(), folder, options.clock(), registry);
            } catch (RuntimeException e) {
                providers.close();
                closeQuietly(cache);
                throw new GatewayStartException("cannot open the query log under " + folder.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
            LOG.info("query log on: queries that reach the cache are kept in " + folder.toAbsolutePath());
        }
        AccessLog accessLog = null;
        if (config.accessLog().enabled()) {
            try {
                accessLog = AccessLog.open(config.accessLog(), registry);
            } catch (IOException | RuntimeException e) {
                providers.close();
                closeQuietly(queryLog);
                closeQuietly(cache);
                throw new GatewayStartException("cannot open the access log " + config.accessLog().file() + ": "
                        + e.getMessage(), e);
            }
        }
        UsageLedger ledger = null;
        if (config.ledger().enabled()) {
            Path file = config.ledger().fileUnder(config.dataDir());
            try {
                ledger = UsageLedger.open(config.ledger(), file, options.clock(), registry);
            } catch (RuntimeException e) {
                providers.close();
                closeQuietly(accessLog);
                closeQuietly(queryLog);
                closeQuietly(cache);
                throw new GatewayStartException("cannot open the usage ledger " + file.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
        }
        GatewayMetrics metrics = new GatewayMetrics(registry);
        Authenticator authenticator = new Authenticator(config.keys());
        if (authenticator.openMode()) {
            LOG.warning("no gateway keys are configured: anyone who can reach "
                    + config.server().host() + ":" + config.server().port() + " can use it (add keys: to require one)");
        }
        ModelCatalogue catalogue = new ModelCatalogue(config.models());
        DeploymentPools pools = new DeploymentPools(config.routing(), options.clock(), new Random(), metrics);
        BackgroundJudge judge = null;
        if (cache != null && config.cache().judge().enabled()) {
            Path file = config.dataDir().resolve(LabelStore.FILE);
            try {
                JudgeModel model = new AliasJudgeModel(config.cache().judge().alias(),
                        new FallbackChain(config.routing(), pools, metrics, options.clock(), System::nanoTime),
                        providers, System::nanoTime);
                // Its calls settle like requests: tokens and cost in the metrics, a line in the access log, a ledger row.
                List<SettledListener> judgeConsumers = new ArrayList<>(List.of(new RequestMetrics(metrics)));
                judgeConsumers.addAll(consumers(accessLog, ledger));
                judge = new BackgroundJudge(config.cache().judge(), cache, model, LabelStore.open(file),
                        judgeConsumers, options.clock(), registry);
            } catch (SQLException | RuntimeException e) {
                providers.close();
                closeQuietly(ledger);
                closeQuietly(accessLog);
                closeQuietly(queryLog);
                closeQuietly(cache);
                throw new GatewayStartException("cannot open the cache judge's labels " + file.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
            LOG.info("cache judge on: grey-band misses are judged in the background by '"
                    + config.cache().judge().alias() + "'");
        }
        Pipeline pipeline = ChatPipeline.create(new ChatPipeline.Parts(authenticator, catalogue, providers, metrics,
                System::nanoTime, cache, config.routing(), pools, options.clock(), queryLog,
                consumers(accessLog, ledger), judge));
        AtomicBoolean ready = new AtomicBoolean();
        HttpApi.Parts parts = new HttpApi.Parts(pipeline, catalogue, authenticator, registry, ready::get,
                config.server().maxBodySize(), config.server().streamKeepAlive(), System::nanoTime,
                System.currentTimeMillis() / 1000,
                cache == null ? null : new AdminCacheService(cache, queryLog, catalogue, config.routing(),
                        config.admin().key(), judge == null ? null : judge.labels()),
                new AdminDeploymentsService(pools, options.clock(), config.admin().key()),
                ledger == null ? null : new AdminUsageService(ledger.reader(), options.clock(),
                        thresholds(cache, catalogue), config.admin().key()));

        String where = config.server().host() + ":" + config.server().port();
        HttpListener listener;
        try {
            listener = HttpListener.start(config.server(), directHandlers(), routing -> HttpApi.routing(routing, parts));
        } catch (RuntimeException e) {
            closeQuietly(judge);
            providers.close();
            closeQuietly(ledger);
            closeQuietly(accessLog);
            closeQuietly(queryLog);
            closeQuietly(cache);
            throw new GatewayStartException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
        // Helidon logs a failed bind and returns without throwing; its port is then -1.
        if (listener.port() < 0) {
            listener.close();
            closeQuietly(judge);
            providers.close();
            closeQuietly(ledger);
            closeQuietly(accessLog);
            closeQuietly(queryLog);
            closeQuietly(cache);
            throw new GatewayStartException("cannot listen on " + where + " (is the port already in use?)", null);
        }
        ConfigWatcher watcher = null;
        if (cache != null && options.watchedConfig() != null) {
            watcher = new ConfigWatcher(options.watchedConfig(), options.reloadInterval(),
                    new CacheReload(cache)::reload);
        }
        ready.set(true);
        return new Gateway(config, listener, providers, registry, ready, cache, queryLog, accessLog, watcher, ledger,
                judge);
    }

    private static List<SettledListener> consumers(AccessLog accessLog, UsageLedger ledger) {
        List<SettledListener> consumers = new ArrayList<>();
        if (accessLog != null) {
            consumers.add(accessLog);
        }
        if (ledger != null) {
            consumers.add(ledger);
        }
        return consumers;
    }

    /** Each alias's cache threshold as it is now (a reload may change it); none with the cache off. */
    private static Supplier<Map<String, Double>> thresholds(ResponseCache cache, ModelCatalogue catalogue) {
        if (cache == null) {
            return Map::of;
        }
        return () -> {
            Map<String, Double> byAlias = new LinkedHashMap<>();
            catalogue.all().forEach(d -> byAlias.put(d.alias(), cache.settings().thresholdFor(d.alias())));
            return byAlias;
        };
    }

    /** The admin key from {@code admin.key-file} when none is set: its path is logged, never the key. */
    private static GatewayConfig withAdminKey(GatewayConfig config) {
        AdminKeyFile.Resolved resolved;
        try {
            resolved = AdminKeyFile.resolve(config.admin());
        } catch (IOException | RuntimeException e) {
            throw new GatewayStartException("cannot read or create the admin key file "
                    + config.admin().keyFile() + ": " + e.getMessage(), e);
        }
        if (resolved.admin() != config.admin()) {
            Path file = config.admin().keyFile().toAbsolutePath().normalize();
            LOG.info(resolved.created()
                    ? "admin API on: a new admin key was written to " + file + " (readable by you only)"
                    : "admin API on: the admin key is in " + file);
        }
        return config.withAdmin(resolved.admin());
    }

    /** Helidon's own pre-routing errors, answered in OpenAI's shape. */
    private static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        OpenAiDirectHandler handler = new OpenAiDirectHandler();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /**
     * Fails with a one-line message when the port is taken. Helidon would find out too, but it logs a
     * stack trace first; binding a probe socket for an instant is cheaper than filtering its logs.
     */
    private static void checkPortIsFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new GatewayStartException("cannot listen on " + host + ":" + port + " (is the port already in use?)", e);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new GatewayStartException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound (the ephemeral one when the config said 0). */
    public int port() {
        return listener.port();
    }

    /** The listener, for tests that play it dying. */
    HttpListener listener() {
        return listener;
    }

    public String host() {
        return config.server().host();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://" + host() + ":" + port();
    }

    public GatewayConfig config() {
        return config;
    }

    /** The one-line start-up message. */
    public String banner() {
        return "Reprise listening on " + url() + " (models: " + ConfigLoader.aliases(config) + ")";
    }

    /** The semantic cache, or empty when {@code cache.enabled} is false. */
    public Optional<ResponseCache> cache() {
        return Optional.ofNullable(cache);
    }

    /** The usage ledger, or empty when {@code ledger.enabled} is false. */
    public Optional<UsageLedger> ledger() {
        return Optional.ofNullable(ledger);
    }

    /** The cache's background judge, or empty while {@code cache.judge} (or the cache) is off. */
    public Optional<BackgroundJudge> judge() {
        return Optional.ofNullable(judge);
    }

    /** The query log, or empty when {@code cache.query-log.enabled} (or the cache) is off. */
    public Optional<QueryLog> queryLog() {
        return Optional.ofNullable(queryLog);
    }

    /**
     * Stops taking requests, then closes the providers, the access log, the ledger and the query log (which write
     * what is queued) and the cache (which commits its index); idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        try {
            if (watcher != null) {
                watcher.close();
            }
            listener.close();
        } finally {
            // Before the providers, the ledger and the cache it calls and writes to.
            closeQuietly(judge);
            providers.close();
            // After the listener: the last requests have settled, so their lines are queued.
            closeQuietly(accessLog);
            closeQuietly(ledger);
            closeQuietly(queryLog);
            closeQuietly(cache);
            registry.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(java.util.logging.Level.WARNING, "closing " + closeable.getClass().getSimpleName() + " failed", e);
        }
    }
}
