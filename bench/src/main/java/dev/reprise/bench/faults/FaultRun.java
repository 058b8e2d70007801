package dev.reprise.bench.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.bench.load.GatewayJvm;
import dev.reprise.bench.load.ManagedProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The upstream-fault run behind {@code ./reprise bench faults}: a primary upstream that fails as a {@link FaultMix}
 * draws and a healthy fallback (both in this JVM), the real gateway as a child process with the primary's alias
 * falling back to the other, and N plain plus N streamed requests (distinct prompts, cache bypassed) at a fixed
 * concurrency. It prints and writes, per gateway configuration, plain success, how streams ended, and latency next
 * to the configured timeout.
 */
public final class FaultRun {

    /** A request whose answer has not ended by then counts as hung. */
    static final Duration CLIENT_LIMIT = Duration.ofSeconds(60);
    private static final long CHUNK_GAP_MILLIS = 20;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultOptions options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    FaultRun(FaultOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        FaultOptions options = FaultOptions.parse(args);
        FaultRun run = new FaultRun(options);
        StringBuilder md = new StringBuilder();
        md.append(String.format("### Upstream faults (%s, %d cores, JDK %s)%n%n", LocalDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), Runtime.version().feature()));
        md.append(String.format("Primary: %.0f%% HTTP 500, %.0f%% hangs, %.0f%% of streams cut mid-way, %.0f%% stalled "
                        + "mid-way, %.0f%% drips (seed %d); "
                        + "fallback healthy. %d plain + %d streamed requests per configuration, %d in flight, "
                        + "distinct prompts, `Cache-Control: no-store`; timeout %d ms on both aliases.%n%n",
                options.mix().serverErrors() * 100, options.mix().hangs() * 100, options.mix().cuts() * 100,
                options.mix().stalls() * 100, options.mix().drips() * 100, options.mix().seed(), options.requests(),
                options.requests(), options.concurrency(), options.timeout().toMillis()));
        boolean ok = true;
        for (String config : options.configs()) {
            FaultReport report = run.run(config);
            ok &= report.targetsMet();
            md.append(report.markdown()).append('\n');
        }
        run.watchdog.shutdownNow();
        String text = md.toString();
        System.out.println();
        System.out.println(text);
        Files.createDirectories(options.out());
        Path file = options.out().resolve("faults-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
        Files.writeString(file, text);
        System.out.println("Written: " + file);
        System.exit(ok ? 0 : 1);
    }

    FaultReport run(String config) throws Exception {
        Path work = options.workDir();
        Files.createDirectories(work);
        try (FaultyUpstream primary = FaultyUpstream.start(options.mix(), CHUNK_GAP_MILLIS);
             FaultyUpstream fallback = FaultyUpstream.start(FaultMix.healthy(), CHUNK_GAP_MILLIS)) {
            int port = freePort();
            Path yaml = writeConfig(work, config, port, primary, fallback);
            try (ManagedProcess gateway = ManagedProcess.start("reprise-" + config, GatewayJvm.serve(java(),
                    options.gatewayJar(), List.of("--config", yaml.toString(), "--port", Integer.toString(port))),
                    options.root(),
                    work.resolve("reprise-" + config + ".log"))) {
                awaitReady(gateway, port);
                System.out.printf("[%s] gateway ready (pid %d); sending %d plain and %d streamed requests, %d at once%n",
                        config, gateway.pid(), options.requests(), options.requests(), options.concurrency());
                long start = System.nanoTime();
                List<Outcome> outcomes = drive(port, config, primary);
                double wall = (System.nanoTime() - start) / 1e9;
                int fallbackCalls = fallback.counts().values().stream().mapToInt(Integer::intValue).sum();
                return new FaultReport(config, settings(config), options, outcomes, primary.counts(), fallbackCalls,
                        wall);
            }
        }
    }

    private List<Outcome> drive(int port, String config, FaultyUpstream primary) throws Exception {
        Semaphore inFlight = new Semaphore(options.concurrency());
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.requests() * 2; i++) {
                boolean stream = i % 2 == 1;
                String prompt = "Request " + config + "-" + i + ": how do I reset my password?";
                inFlight.acquire();
                futures.add(clients.submit(() -> {
                    try {
                        return send(port, prompt, stream, primary);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get());
        }
        return outcomes;
    }

    private Outcome send(int port, String prompt, boolean stream, FaultyUpstream primary) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(CLIENT_LIMIT)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(body(prompt, stream)))
                .build();
        long start = System.nanoTime();
        AtomicBoolean hung = new AtomicBoolean();
        int status = 0;
        String fallback = null;
        String attempts = null;
        String text = "";
        String detail = "";
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            fallback = response.headers().firstValue("x-reprise-fallback").orElse(null);
            attempts = response.headers().firstValue("x-reprise-attempts").orElse(null);
            long left = CLIENT_LIMIT.toNanos() - (System.nanoTime() - start);
            try (InputStream in = response.body()) {
                ScheduledFuture<?> limit = watchdog.schedule(() -> {
                    hung.set(true);
                    close(in);
                }, Math.max(1, left), TimeUnit.NANOSECONDS);
                try {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    detail = "the body broke off: " + e;
                } finally {
                    limit.cancel(false);
                }
            }
        } catch (java.net.http.HttpTimeoutException e) {
            hung.set(true);
        } catch (IOException e) {
            detail = "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail = "interrupted";
        }
        double millis = (System.nanoTime() - start) / 1e6;
        SseTranscript.Verdict verdict = null;
        if (stream && status == 200 && detail.isEmpty() && !hung.get()) {
            verdict = SseTranscript.judge(text, FaultyUpstream.ANSWER);
        } else if (!stream && status == 200 && detail.isEmpty() && !text.contains(FaultyUpstream.ANSWER)) {
            detail = "a 200 without the answer: " + text;
        } else if (status != 200 && detail.isEmpty()) {
            detail = text.length() > 300 ? text.substring(0, 300) : text;
        }
        return new Outcome(stream, status, millis, verdict, hung.get(), detail, fallback, attempts,
                primary.met(prompt));
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing is how the watchdog ends a hung read; a failure to close changes nothing.
        }
    }

    private void awaitReady(ManagedProcess gateway, int port) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("model", "backup")
                        .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user")
                                .put("content", "warm-up"))).toString())).build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited before answering; see " + gateway.log());
            }
            try {
                HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "status " + r.statusCode() + ": " + r.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the gateway did not answer within " + START_TIMEOUT + " (" + last + "); see "
                + gateway.log());
    }

    private static String body(String prompt, boolean stream) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "chat");
        root.putArray("messages").addObject().put("role", "user").put("content", prompt);
        if (stream) {
            root.put("stream", true);
        }
        return root.toString();
    }

    /** The configuration in words, for the report. */
    private String settings(String config) {
        String retry = "retry as the defaults (3 attempts, backoff 200 ms doubling to 5 s, jitter)";
        return switch (config) {
            case "defaults" -> "Retries and breakers as the defaults: " + retry + "; breaker opens after 5 failures "
                    + "in 30 s, cool-down 30 s (so the primary is mostly skipped once it opens).";
            case "breaker-off" -> "Every request meets the primary: " + retry + "; breaker `failures: 1000000` (it "
                    + "never opens), the worst case for hangs and cuts.";
            default -> throw new IllegalArgumentException(config);
        };
    }

    private Path writeConfig(Path work, String config, int port, FaultyUpstream primary, FaultyUpstream fallback)
            throws IOException {
        String breaker = config.equals("breaker-off") ? "    breaker: { failures: 1000000 }\n" : "";
        long timeout = options.timeout().toMillis();
        String yaml = """
                # Written by dev.reprise.bench.faults.FaultRun (configuration '%s').
                server:
                  host: 127.0.0.1
                  port: %d
                data-dir: %s
                models:
                  - name: chat
                    provider: openai
                    model: %s
                    base-url: %s
                    api-key: sk-bench
                    timeout: %dms
                    fallbacks: [backup]
                %s  - name: backup
                    provider: openai
                    model: %s
                    base-url: %s
                    api-key: sk-bench
                    timeout: %dms
                # Off: it sheds by the machine's scheduler lag, and this bench counts the upstream faults' effect alone.
                overload:
                  enabled: false
                """.formatted(config, port, work.resolve("data-" + config + "-" + System.currentTimeMillis()),
                FaultyUpstream.MODEL, primary.baseUrl(), timeout, breaker, FaultyUpstream.MODEL, fallback.baseUrl(),
                timeout);
        Path file = work.resolve("reprise-faults-" + config + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
