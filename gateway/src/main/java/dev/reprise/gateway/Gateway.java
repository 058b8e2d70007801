package dev.reprise.gateway;

import dev.reprise.embeddings.BatchingEmbedder;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.gateway.accesslog.AccessLog;
import dev.reprise.gateway.admin.AdminBudgetsService;
import dev.reprise.gateway.admin.AdminCacheService;
import dev.reprise.gateway.admin.AdminKeyFile;
import dev.reprise.gateway.admin.AdminDeploymentsService;
import dev.reprise.gateway.admin.AdminKeysService;
import dev.reprise.gateway.admin.AdminUsageService;
import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.auth.StoredKeys;
import dev.reprise.gateway.budget.Budgets;
import dev.reprise.gateway.budget.ClusterSpend;
import dev.reprise.gateway.budget.SpendTotals;
import dev.reprise.gateway.budget.SpendView;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.cluster.CacheReplication;
import dev.reprise.gateway.cluster.ClusterSettings;
import dev.reprise.gateway.cluster.PostgresLink;
import dev.reprise.gateway.cluster.RedisLink;
import dev.reprise.gateway.reload.ConfigReload;
import dev.reprise.gateway.reload.ConfigWatcher;
import dev.reprise.gateway.config.AdminConfig;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.guardrails.GuardrailMetrics;
import dev.reprise.gateway.guardrails.GuardrailStage;
import dev.reprise.gateway.guardrails.PiiDetector;
import dev.reprise.gateway.guardrails.GuardrailSettings;
import dev.reprise.gateway.guardrails.PromptCheck;
import dev.reprise.gateway.guardrails.injection.InjectionDetector;
import dev.reprise.gateway.guardrails.injection.InjectionPromptCheck;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.http.HealthComponent;
import dev.reprise.gateway.http.HttpApi;
import dev.reprise.gateway.http.OpenAiDirectHandler;
import dev.reprise.gateway.judge.AliasJudgeModel;
import dev.reprise.gateway.judge.BackgroundJudge;
import dev.reprise.gateway.judge.JudgeModel;
import dev.reprise.gateway.judge.LabelStore;
import dev.reprise.gateway.keys.KeySecrets;
import dev.reprise.gateway.keys.KeyStoreSettings;
import dev.reprise.gateway.keys.KeyTableRefresh;
import dev.reprise.gateway.keys.PostgresKeyStore;
import dev.reprise.gateway.keys.SqliteKeyStore;
import dev.reprise.gateway.keys.VirtualKeys;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.gateway.limits.ClusterRateLimiter;
import dev.reprise.gateway.limits.LocalRateLimiter;
import dev.reprise.gateway.limits.RateLimiter;
import dev.reprise.gateway.limits.RateLimitStage;
import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.metrics.RequestMetrics;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.overload.LagSource;
import dev.reprise.gateway.overload.Overload;
import dev.reprise.gateway.overload.OverloadSettings;
import dev.reprise.gateway.overload.PressureLevel;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.gateway.server.HttpListener;
import dev.reprise.gateway.shadow.ShadowSettings;
import dev.reprise.gateway.shadow.ShadowTraffic;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Comparator;
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
    /** The stores whose tables live in the cluster's PostgreSQL ({@code db/postgresql/<store>}) when ledger.url is set. */
    static final List<String> POSTGRES_STORES = List.of("ledger", "spend", "keys");

    private final GatewayConfig config;
    private final HttpListener listener;
    private final AtomicBoolean ready;
    private final ResponseCache cache;
    private final QueryLog queryLog;
    private final UsageLedger ledger;
    private final BackgroundJudge judge;
    private final ShadowTraffic shadows;
    private final VirtualKeys virtualKeys;
    private final ClusterSpend clusterSpend;
    private final Overload overload;
    private final ResourceStack opened;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(GatewayConfig config, HttpListener listener, AtomicBoolean ready, ResponseCache cache,
                    QueryLog queryLog, UsageLedger ledger, BackgroundJudge judge, ShadowTraffic shadows,
                    VirtualKeys virtualKeys, ClusterSpend clusterSpend,
                    Overload overload, ResourceStack opened) {
        this.config = config;
        this.listener = listener;
        this.ready = ready;
        this.cache = cache;
        this.queryLog = queryLog;
        this.ledger = ledger;
        this.judge = judge;
        this.shadows = shadows;
        this.virtualKeys = virtualKeys;
        this.clusterSpend = clusterSpend;
        this.overload = overload;
        this.opened = opened;
    }

    /**
     * How to start beyond the config: where providers come from, the clock the cache's TTLs, breakers and
     * key rests read, and the config file to watch for hot reloads (none for an embedded or built-in config).
     */
    public record Options(Function<Deployment, Provider> providerFactory, Clock clock, Path watchedConfig,
                          Duration reloadInterval, LagSource schedulerLag) {

        public static Options defaults() {
            return new Options(ProviderFactory::create, Clock.systemUTC(), null, ConfigWatcher.DEFAULT_INTERVAL, null);
        }

        public Options withProviderFactory(Function<Deployment, Provider> factory) {
            return new Options(factory, clock, watchedConfig, reloadInterval, schedulerLag);
        }

        public Options withClock(Clock newClock) {
            return new Options(providerFactory, newClock, watchedConfig, reloadInterval, schedulerLag);
        }

        public Options watching(Path file, Duration interval) {
            return new Options(providerFactory, clock, file, interval, schedulerLag);
        }

        /** The overload control reads the scheduler lag from {@code lag} instead of probing it (tests set it). */
        public Options withSchedulerLag(LagSource lag) {
            return new Options(providerFactory, clock, watchedConfig, reloadInterval, lag);
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
        // The reload compares edits with the config as the file gave it, not with an admin key read from its key file.
        AdminConfig asGiven = config.admin();
        config = withAdminKey(config);
        ResourceStack opened = new ResourceStack();
        try {
            return start(config, options, opened, asGiven);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Opens each part in turn onto {@code opened}, which the caller closes if any part fails; {@code asGiven} is the
     * admin section as the file gave it (before a key file filled in the key), which config reloads compare with.
     */
    private static Gateway start(GatewayConfig config, Options options, ResourceStack opened, AdminConfig asGiven) {
        ProviderPool providers;
        try {
            providers = opened.push(ProviderPool.create(config.routing().allKeyedDeployments(),
                    options.providerFactory()));
        } catch (IllegalStateException e) {
            throw new GatewayStartException(e.getMessage(), e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        opened.push(registry::close);
        Path dataDir = config.dataDir();
        ResponseCache cache = !config.cache().enabled() ? null
                : opened.push(open("the cache index under " + dataDir.toAbsolutePath(),
                        () -> ResponseCache.open(config.cache(), dataDir, options.clock(), registry)));
        QueryLog queryLog = null;
        if (cache == null && config.cache().queryLog().enabled()) {
            LOG.warning("cache.query-log.enabled is true but the cache is off: no query reaches a cache lookup, "
                    + "so nothing is logged");
        }
        if (cache != null && config.cache().queryLog().enabled()) {
            Path folder = config.cache().queryLog().folderUnder(dataDir);
            queryLog = opened.push(open("the query log under " + folder.toAbsolutePath(),
                    () -> QueryLog.open(config.cache().queryLog(), folder, options.clock(), registry)));
            LOG.info("query log on: queries that reach the cache are kept in " + folder.toAbsolutePath());
        }
        AccessLog accessLog = !config.accessLog().enabled() ? null
                : opened.push(open("the access log " + config.accessLog().file(),
                        () -> AccessLog.open(config.accessLog(), registry)));
        PostgresLink postgres = !config.ledger().shared() ? null
                : opened.push(PostgresLink.open(config.ledger().postgres(), POSTGRES_STORES, registry,
                        options.clock()));
        UsageLedger ledger = !config.ledger().enabled() ? null : opened.push(openLedger(config, postgres, options,
                registry));
        GatewayMetrics metrics = new GatewayMetrics(registry);
        VirtualKeys virtualKeys = openKeyStore(config.section(ConfigSections.KEY_STORE), dataDir, postgres,
                options.clock(), opened);
        Authenticator authenticator = new Authenticator(config.keys(),
                virtualKeys == null ? StoredKeys.NONE : virtualKeys, options.clock());
        SpendTotals ownSpend = new SpendTotals(options.clock());
        // In a cluster, budgets read the spend of every node from PostgreSQL; this node's own totals are the fallback.
        ClusterSpend clusterSpend = postgres == null ? null
                : opened.push(new ClusterSpend(ownSpend, postgres, options.clock(), registry));
        SpendView spendView = clusterSpend == null ? ownSpend : clusterSpend;
        SettledListener spend = clusterSpend == null ? ownSpend : clusterSpend;
        Budgets budgets = new Budgets(config.section(ConfigSections.BUDGETS), authenticator::grantsByKeyId,
                spendView);
        countSpend(ownSpend, ledger, budgets, options.clock());
        ModelCatalogue catalogue = new ModelCatalogue(config.models());
        DeploymentPools pools = new DeploymentPools(config.routing(), options.clock(), new Random(), metrics);
        BackgroundJudge judge = null;
        if (cache != null && config.cache().judge().enabled()) {
            Path labels = dataDir.resolve(LabelStore.FILE);
            JudgeModel model = new AliasJudgeModel(config.cache().judge().alias(),
                    new FallbackChain(config.routing(), pools, metrics, options.clock(), System::nanoTime),
                    providers, System::nanoTime);
            // Its calls settle like requests: tokens and cost in the metrics, a line in the access log, a ledger row.
            List<SettledListener> judgeConsumers = new ArrayList<>(List.of(new RequestMetrics(metrics)));
            judgeConsumers.addAll(consumers(accessLog, ledger, spend));
            ResponseCache judged = cache;
            judge = opened.push(open("the cache judge's labels " + labels.toAbsolutePath(),
                    () -> new BackgroundJudge(config.cache().judge(), judged, model, LabelStore.open(labels),
                            judgeConsumers, options.clock(), registry)));
            LOG.info("cache judge on: grey-band misses are judged in the background by '"
                    + config.cache().judge().alias() + "'");
        }
        ShadowTraffic shadows = shadows(config, options, pools, metrics, providers, cache, ledger,
                consumers(accessLog, ledger, spend), registry, opened);
        ClusterSettings cluster = config.section(ConfigSections.CLUSTER);
        RedisLink redis = !cluster.shared() ? null : opened.push(RedisLink.open(cluster, registry, options.clock()));
        // Closed before the link and the cache (the stack closes in reverse): it sends what the cache still writes.
        CacheReplication replication = cache == null || !cluster.replicated() ? null
                : opened.push(CacheReplication.start(cluster.replication(), redis, cache, options.clock(), registry));
        RateLimiter limiter = redis == null ? new LocalRateLimiter(options.clock())
                : ClusterRateLimiter.over(redis, options.clock(), registry);
        RateLimitStage rateLimits = new RateLimitStage(config.section(ConfigSections.LIMITS), limiter, metrics);
        Overload overload = overload(config.section(ConfigSections.OVERLOAD), options, cache, registry, opened);
        Pipeline pipeline = ChatPipeline.create(ChatPipeline.Parts.builder()
                .authenticator(authenticator).catalogue(catalogue).providers(providers).metrics(metrics)
                .ticker(System::nanoTime).cache(cache).routing(config.routing()).pools(pools).clock(options.clock())
                .queryLog(queryLog).consumers(consumers(accessLog, ledger, spend)).judge(judge)
                .budgets(budgets).rateLimits(rateLimits).guardrails(guardrails(config, cache, registry, opened))
                .shadows(shadows).overload(overload).build());
        AtomicBoolean ready = new AtomicBoolean();
        HttpApi.Parts parts = HttpApi.Parts.builder()
                .chatPipeline(pipeline).catalogue(catalogue).authenticator(authenticator).registry(registry)
                .ready(ready::get).maxBodySize(config.server().maxBodySize())
                .streamKeepAlive(config.server().streamKeepAlive())
                .admin(cache == null ? null : new AdminCacheService(cache, queryLog, catalogue, config.routing(),
                        config.admin().key(), judge == null ? null : judge.labels()))
                .admin(new AdminDeploymentsService(pools, options.clock(), config.admin().key()))
                .admin(virtualKeys == null ? null
                        : new AdminKeysService(virtualKeys, catalogue, spendView, config.admin().key()))
                .admin(ledger == null ? null : new AdminUsageService(ledger.reader(), options.clock(),
                        thresholds(cache, catalogue), config.admin().key(),
                        config.section(ConfigSections.SHADOW).similarityBar()))
                .admin(new AdminBudgetsService(budgets, options.clock(), config.admin().key()))
                .feedback(ledger)
                .health(redis == null ? null : new HealthComponent("redis", redis::up))
                .health(postgres == null ? null : new HealthComponent("postgresql", postgres::up))
                .health(replication == null ? null : replication.health())
                .build();

        String where = config.server().host() + ":" + config.server().port();
        HttpListener listener;
        try {
            listener = opened.push(HttpListener.start(config.server(), directHandlers(),
                    routing -> HttpApi.routing(routing, parts)));
        } catch (RuntimeException e) {
            throw new GatewayStartException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
        // Helidon logs a failed bind and returns without throwing; its port is then -1.
        if (listener.port() < 0) {
            throw new GatewayStartException("cannot listen on " + where + " (is the port already in use?)", null);
        }
        if (authenticator.openMode()) {
            // After the bind, so a port-0 start names the port it got.
            LOG.warning("no gateway keys are configured: anyone who can reach "
                    + config.server().host() + ":" + listener.port() + " can use it (add keys: to require one"
                    + (virtualKeys == null ? "" : ", or create one with POST /admin/keys") + ")");
        }
        if (options.watchedConfig() != null) {
            ConfigReload reload = ConfigReload.of(config.withAdmin(asGiven)).cache(cache).registry(registry)
                    .onChange(ConfigSections.BUDGETS, budgets::apply)
                    .onChange(ConfigSections.LIMITS, rateLimits::apply)
                    .build();
            opened.push(new ConfigWatcher(options.watchedConfig(), options.reloadInterval(), reload::reload));
        }
        ready.set(true);
        return new Gateway(config, listener, ready, cache, queryLog, ledger, judge, shadows, virtualKeys,
                clusterSpend, overload, opened);
    }

    /**
     * The overload control, or null while {@code overload.enabled} is false; it bounds the cache writer's queue too,
     * and holds the writer's embedding of deferred answers while the gateway is not at its normal level.
     */
    private static Overload overload(OverloadSettings settings, Options options, ResponseCache cache,
                                     MeterRegistry registry, ResourceStack opened) {
        if (!settings.enabled()) {
            return null;
        }
        Overload overload = opened.push(options.schedulerLag() == null
                ? Overload.start(settings, System::nanoTime, registry)
                : Overload.over(settings, options.schedulerLag(), System::nanoTime, registry));
        if (cache != null) {
            cache.boundStoreQueue(settings.storeQueue());
            cache.deferEmbeddingWhile(() -> overload.level() != PressureLevel.NORMAL);
        }
        return overload;
    }

    /**
     * Shadow traffic when an alias has {@code shadow} candidates, else null. Its calls settle into the access log and
     * the ledger (not the request metrics nor the budgets' spend: they are the gateway's, with a budget of their
     * own); today's shadow spend is read back from the ledger, so a restart does not reset the daily budget.
     */
    private static ShadowTraffic shadows(GatewayConfig config, Options options, DeploymentPools pools,
                                         GatewayMetrics metrics, ProviderPool providers, ResponseCache cache,
                                         UsageLedger ledger, List<SettledListener> consumers, MeterRegistry registry,
                                         ResourceStack opened) {
        ShadowSettings settings = config.section(ConfigSections.SHADOW);
        if (!settings.enabled()) {
            return null;
        }
        List<SettledListener> records = consumers.stream().filter(c -> !(c instanceof SpendView)).toList();
        ShadowTraffic shadows = opened.push(new ShadowTraffic(new ShadowTraffic.Parts(settings,
                new FallbackChain(config.routing(), pools, metrics, options.clock(), System::nanoTime), providers,
                cache == null ? null : cache.embedder(), records, options.clock(), registry)));
        if (ledger != null) {
            shadows.spentBefore(open("today's shadow spend from the usage ledger",
                    () -> ledger.reader().shadowSpentUsd(options.clock().instant()
                            .truncatedTo(java.time.temporal.ChronoUnit.DAYS))));
        }
        LOG.info("shadow traffic on: " + settings.targets().entrySet().stream()
                .map(e -> e.getKey() + " -> " + e.getValue().stream()
                        .map(t -> t.alias() + " (" + Math.round(t.share() * 100) + "%)").toList())
                .collect(java.util.stream.Collectors.joining(", ")));
        return shadows;
    }

    /**
     * The request guardrails, with the injection detector when an alias turns it on. The detector's threshold was
     * measured with MiniLM: it shares the cache's embedder when that is MiniLM, else loads its own.
     */
    private static GuardrailStage guardrails(GatewayConfig config, ResponseCache cache, MeterRegistry registry,
                                             ResourceStack opened) {
        GuardrailSettings settings = config.section(ConfigSections.GUARDRAILS);
        PromptCheck injection = null;
        if (settings.injectionOn()) {
            Embedder embedder = cache != null && cache.settings().embeddingModel() == InjectionDetector.MODEL
                    ? cache.embedder()
                    : opened.push(open("the injection detector's model " + InjectionDetector.MODEL.id(),
                            () -> new BatchingEmbedder(OnnxEmbedder.load(InjectionDetector.MODEL))));
            injection = new InjectionPromptCheck(open("the injection detector's exemplars",
                    () -> InjectionDetector.load(embedder)));
        }
        return new GuardrailStage(settings, new PiiDetector(), injection, new GuardrailMetrics(registry));
    }

    /**
     * The virtual keys of {@code key-store}, read once from their file, or from the cluster's PostgreSQL and then
     * refreshed every {@code key-store.refresh-interval}; null while the store is off.
     */
    private static VirtualKeys openKeyStore(KeyStoreSettings settings, Path dataDir, PostgresLink postgres,
                                            Clock clock, ResourceStack opened) {
        if (!settings.enabled()) {
            return null;
        }
        if (postgres != null) {
            VirtualKeys keys = open("the key table in PostgreSQL at " + postgres.settings().address(),
                    () -> VirtualKeys.load(new PostgresKeyStore(postgres), clock, new KeySecrets(new SecureRandom()),
                            settings.rotationGrace()));
            opened.push(KeyTableRefresh.start(keys, settings.refreshInterval()));
            LOG.info("key store: the key table in PostgreSQL at " + postgres.settings().address() + ", refreshed every "
                    + settings.refreshInterval());
            return keys;
        }
        Path file = settings.fileUnder(dataDir);
        SqliteKeyStore store = opened.push(open("the key store " + file.toAbsolutePath(),
                () -> SqliteKeyStore.open(file)));
        VirtualKeys keys = open("the key store " + file.toAbsolutePath(),
                () -> VirtualKeys.load(store, clock, new KeySecrets(new SecureRandom()), settings.rotationGrace()));
        LOG.info("key store: " + keys.all().size() + " virtual keys in " + file.toAbsolutePath());
        return keys;
    }

    /** The usage ledger: the SQLite file, or the cluster's PostgreSQL with its disk buffer under the data dir. */
    private static UsageLedger openLedger(GatewayConfig config, PostgresLink postgres, Options options,
                                          MeterRegistry registry) {
        Path dataDir = config.dataDir();
        if (postgres == null) {
            Path file = config.ledger().fileUnder(dataDir);
            return open("the usage ledger " + file.toAbsolutePath(),
                    () -> UsageLedger.open(config.ledger(), file, options.clock(), registry));
        }
        Path buffer = config.ledger().bufferUnder(dataDir);
        return open("the usage ledger's disk buffer " + buffer.toAbsolutePath(),
                () -> UsageLedger.openShared(config.ledger(), postgres, buffer, options.clock(), registry));
    }

    /** Something the gateway owns, opened; a failure stops the start with a message naming {@code what}. */
    private static <T> T open(String what, Opener<T> opener) {
        try {
            return opener.open();
        } catch (Exception e) {
            throw new GatewayStartException("cannot open " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Opener<T> {
        T open() throws Exception;
    }

    /**
     * Where budgets' spend comes from: the ledger's rows of the current periods, then every settled request. Without
     * the ledger, spend is counted in memory only, from the start (a restart forgets it), which is said once.
     */
    private static void countSpend(SpendTotals spend, UsageLedger ledger, Budgets budgets, Clock clock) {
        if (ledger == null) {
            if (budgets.any()) {
                LOG.warning("budgets are set but the usage ledger is off: spend is counted in memory only, so a "
                        + "restart starts every budget from nothing (turn ledger.enabled on to keep it)");
            }
            return;
        }
        if (ledger.file() == null) {
            // The cluster's ledger: a PostgreSQL that is away at start is no reason not to start. Budgets then read
            // the cluster's spend table once it is back, and this node's own totals from nothing until then.
            try {
                spend.rebuild(ledger.reader());
            } catch (RuntimeException e) {
                LOG.warning("the budgets' fallback totals could not be read from " + ledger.describe() + " ("
                        + e.getMessage() + "): while PostgreSQL is away, budgets count this node's spend from now");
            }
        } else {
            open("the budgets' spend from the usage ledger " + ledger.describe(), () -> {
                spend.rebuild(ledger.reader());
                return spend;
            });
        }
        budgets.all(clock.instant()).stream().map(s -> s.budget().period()).max(Comparator.naturalOrder())
                .filter(p -> ledger.settings().retention().compareTo(SpendTotals.history(p)) < 0)
                .ifPresent(p -> LOG.warning("ledger.retention (" + ledger.settings().retention() + ") is shorter "
                        + "than a " + p.label() + ": after a restart, budgets per " + p.label() + " count only the "
                        + "spend the ledger still holds"));
    }

    private static List<SettledListener> consumers(AccessLog accessLog, UsageLedger ledger, SettledListener spend) {
        List<SettledListener> consumers = new ArrayList<>();
        consumers.add(spend);
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

    /** The budgets' shared spend, or empty when {@code ledger.url} is unset (a single node). */
    public Optional<ClusterSpend> clusterSpend() {
        return Optional.ofNullable(clusterSpend);
    }

    /** The cache's background judge, or empty while {@code cache.judge} (or the cache) is off. */
    public Optional<BackgroundJudge> judge() {
        return Optional.ofNullable(judge);
    }

    /** The shadow traffic, or empty while no alias has {@code shadow} candidates. */
    public Optional<ShadowTraffic> shadows() {
        return Optional.ofNullable(shadows);
    }

    /** The virtual keys of {@code /admin/keys}, or empty when {@code key-store.enabled} is false. */
    public Optional<VirtualKeys> virtualKeys() {
        return Optional.ofNullable(virtualKeys);
    }

    /** The overload control, or empty while {@code overload.enabled} is false. */
    public Optional<Overload> overload() {
        return Optional.ofNullable(overload);
    }

    /** The query log, or empty when {@code cache.query-log.enabled} (or the cache) is off. */
    public Optional<QueryLog> queryLog() {
        return Optional.ofNullable(queryLog);
    }

    /**
     * Stops taking requests (the config watcher, then the listener), then closes the rest in the reverse of the
     * order it was opened: cache replication (which sends what the cache still writes) before Redis and the cache,
     * the judge before the providers it calls, the access log, the ledger and the query log
     * (which write what is queued) once the last requests have settled, the cache (which commits its index) after
     * them, the providers last; idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        opened.close();
    }
}
