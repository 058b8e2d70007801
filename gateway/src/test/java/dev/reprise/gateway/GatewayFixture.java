package dev.reprise.gateway;

import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.guardrails.GuardrailSettings;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.function.Function;

/** A real gateway on an ephemeral port plus a plain HTTP/1.1 client to call it. */
public final class GatewayFixture implements AutoCloseable {

    /** The mock alias without latency, so tests stay fast. */
    public static final String MOCK_ONLY = """
            models:
              - name: mock
                provider: mock
                latency: 0ms
                price: { input: 0.15, output: 0.60 }
            """;

    public final Gateway gateway;
    private final Path dataDir;
    public final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private GatewayFixture(Gateway gateway, Path dataDir) {
        this.gateway = gateway;
        this.dataDir = dataDir;
    }

    /**
     * A test config on port 0. The cache is off unless the YAML has a {@code cache:} section, so tests of
     * the pass-through path neither load the embedding model nor see each other's answers; the same goes for
     * the usage ledger and {@code ledger:}, the key store and {@code key-store:}, the injection detector and
     * {@code injection:}, the overload control and {@code overload:}.
     */
    public static GatewayConfig config(String yaml) {
        return config(yaml, Map.of());
    }

    /** Like {@link #config(String)}, with {@code ${VAR}} references resolved from {@code env}. */
    public static GatewayConfig config(String yaml, Map<String, String> env) {
        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(env)).loadYaml(yaml, "test config");
        if (!yaml.contains("cache:")) {
            config = config.withCache(config.cache().withEnabled(false));
        }
        // Likewise the usage ledger: tests that do not name it neither open a database nor wait for one.
        if (!yaml.contains("ledger:")) {
            config = config.withLedger(config.ledger().withEnabled(false));
        }
        // And the key store: tests that do not name key-store: open no key file.
        if (!yaml.contains("key-store:")) {
            config = config.toBuilder().section(ConfigSections.KEY_STORE,
                    config.section(ConfigSections.KEY_STORE).withEnabled(false)).build();
        }
        // And the injection detector (on by default, as flag): tests that do not name injection: load no model for it.
        if (!yaml.contains("injection:")) {
            config = config.toBuilder().section(ConfigSections.GUARDRAILS,
                    injectionOff(config.section(ConfigSections.GUARDRAILS))).build();
        }
        // And the overload control (on by default): a busy machine's scheduler lag must not degrade or shed the
        // requests of tests that do not name overload: (those that do set the lag themselves).
        if (!yaml.contains("overload:")) {
            config = config.toBuilder().section(ConfigSections.OVERLOAD,
                    config.section(ConfigSections.OVERLOAD).withEnabled(false)).build();
        }
        return config.withServer(config.server().withPort(0));
    }

    private static GuardrailSettings injectionOff(GuardrailSettings settings) {
        UnaryOperator<GuardrailSettings.Policy> off = p -> new GuardrailSettings.Policy(p.pii(),
                new GuardrailSettings.InjectionPolicy(GuardrailSettings.InjectionAction.OFF, p.injection().threshold()));
        Map<String, GuardrailSettings.Policy> aliases = new HashMap<>();
        settings.aliases().forEach((alias, policy) -> aliases.put(alias, off.apply(policy)));
        return new GuardrailSettings(off.apply(settings.top()), aliases);
    }

    public static GatewayFixture start(String yaml) {
        return start(config(yaml), ProviderFactory::create);
    }

    public static GatewayFixture start(GatewayConfig config, Function<Deployment, Provider> providers) {
        return start(config, Gateway.Options.defaults().withProviderFactory(providers));
    }

    /** Starts on port 0 with a fresh data folder (the cache index lives there), removed on close. */
    public static GatewayFixture start(GatewayConfig config, Gateway.Options options) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("reprise-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GatewayConfig c = config.withServer(config.server().withPort(0)).withDataDir(dataDir);
        return new GatewayFixture(Gateway.start(c, options), dataDir);
    }

    /** Starts on port 0 with the config's own data folder, left in place on close (restart tests reuse it). */
    public static GatewayFixture startIn(GatewayConfig config, Gateway.Options options) {
        return new GatewayFixture(Gateway.start(config.withServer(config.server().withPort(0)), options), null);
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return gateway.port();
    }

    public URI uri(String path) {
        return URI.create(gateway.url() + path);
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A chat body for the given alias and user text. */
    public static String chat(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Override
    public void close() {
        gateway.close();
        http.close();
        deleteRecursively(dataDir);
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
