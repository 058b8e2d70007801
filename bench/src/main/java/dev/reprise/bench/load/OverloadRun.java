package dev.reprise.bench.load;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The overload curve: distinct cache misses against the mock model (300 ms) at rising concurrency, with exact hits
 * driven alongside at a small concurrency, to see what the gateway adds to the model's latency once its own CPU work
 * (embedding, search, store) cannot keep up, and whether hits stay fast meanwhile. One gateway serves the whole curve;
 * each step runs two wrk processes at once (misses at c, hits at {@code --hit-concurrency}), and reads the gateway's
 * {@code /metrics} before and after for the shares of degraded and shed requests, and {@code /proc} for its RSS.
 *
 * <p>Run (wrk on the PATH, jars built): {@code ./reprise bench overload [--concurrency 50,200,500,1000,2000]
 * [--seconds 15] [--hit-concurrency 8] [--latency-ms 300] [--warmup 10] [--label after]}.
 */
public final class OverloadRun {

    private static final String MISS_SYSTEM_PROMPT = "You are a helpful support assistant for project settings.";
    private static final String UNIQUE_TEMPLATE = "What does the setting called UNIQUE do in the project options?";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Every miss is a real one: the questions differ in one made-up word, close enough to hit each other by meaning. */
    private static final String MISS_HEADER = "x-reprise-cache-threshold: 1";
    /** Asked once before each step, then repeated as exact hits (the injection check does not flag it, so it is stored). */
    private static final String HIT_QUESTION = "What is a semantic cache?";

    private final Path root;
    private final List<Integer> concurrency;
    private final Duration seconds;
    private final int hitConcurrency;
    private final int latencyMs;
    private final String label;
    private final Duration warmup;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private OverloadRun(Path root, List<Integer> concurrency, Duration seconds, int hitConcurrency, int latencyMs,
                        String label, Duration warmup) {
        this.warmup = warmup;
        this.root = root;
        this.concurrency = concurrency;
        this.seconds = seconds;
        this.hitConcurrency = hitConcurrency;
        this.latencyMs = latencyMs;
        this.label = label;
    }

    /** One step of the curve: the misses' and the hits' wrk results, metric deltas and the gateway's RSS. */
    record Step(int concurrency, WrkResult misses, WrkResult hits, double served, double shed,
                double semanticSkipped, double storesDropped, double peakRssMiB, double gatewayCpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        List<Integer> concurrency = List.of(50, 200, 500, 1000, 2000);
        int seconds = 15;
        int hits = 8;
        int latency = 300;
        String label = "run";
        int warmup = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--concurrency" -> concurrency = Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--hit-concurrency" -> hits = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                case "--label" -> label = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: OverloadRun"
                        + " [--concurrency 50,200,...] [--seconds S] [--hit-concurrency N] [--latency-ms MS]"
                        + " [--label NAME] [--warmup S] [--root DIR]");
            }
        }
        OverloadRun run = new OverloadRun(root, concurrency, Duration.ofSeconds(seconds), hits, latency, label,
                Duration.ofSeconds(warmup));
        List<Step> steps = run.curve();
        String table = run.table(steps);
        System.out.println();
        System.out.println(table);
        Path out = root.resolve("bench/results/overload-" + label + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("Written: " + out);
    }

    /**
     * One gateway (empty cache, one stored question), warmed at a rate every version keeps up with so the JIT has
     * compiled the path, then each step in turn once the previous one's requests have drained.
     */
    private List<Step> curve() throws Exception {
        Path work = root.resolve("bench/target/overload");
        Files.createDirectories(work);
        int port = LoadRun.freePort();
        Path config = work.resolve("reprise-overload.yaml");
        Files.writeString(config, """
                # Written by dev.reprise.bench.load.OverloadRun for one overload curve.
                server:
                  host: 127.0.0.1
                  port: %d
                data-dir: %s
                models:
                  - name: mock
                    provider: mock
                    latency: %dms
                """.formatted(port, work.resolve("data-" + System.currentTimeMillis()), latencyMs));
        try (ManagedProcess gateway = ManagedProcess.start("reprise", GatewayJvm.serve(LoadRun.java(),
                root.resolve("gateway/target/reprise-gateway.jar"), List.of("--config", config.toString(),
                "--port", Integer.toString(port))), root, work.resolve("reprise-" + label + ".log"))) {
            String hitBody = LoadRun.body("mock", HIT_QUESTION, false);
            awaitAnswer(gateway, port, hitBody);
            String seen = post(port, hitBody).headers().firstValue("x-reprise-cache").orElse("none");
            if (!seen.equals("hit-exact")) {
                throw new IllegalStateException("the stored question answered x-reprise-cache: " + seen);
            }
            Wrk wrk = new Wrk(root.resolve("bench/scripts/wrk-chat.lua"));
            String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
            System.out.printf("warming up %d s at c=8%n", warmup.toSeconds());
            wrk.run(url, 8, warmup, env(work, "misses", missBody(), true, MISS_HEADER, "warm"));
            List<Step> steps = new ArrayList<>();
            for (int c : concurrency) {
                settle(port);
                steps.add(step(gateway, port, wrk, url, c, work, hitBody));
            }
            return steps;
        }
    }

    /** Misses at {@code c} and exact hits side by side, with the gateway's counts and RSS around them. */
    private Step step(ManagedProcess gateway, int port, Wrk wrk, String url, int c, Path work, String hitBody)
            throws Exception {
        Map<String, String> missEnv = env(work, "misses", missBody(), true, MISS_HEADER, "c" + LoadRun.letters(c) + "m");
        Map<String, String> hitEnv = env(work, "hits", hitBody, false, "", "h");
        String before = metrics(port);
        double cpuBefore = ProcStats.cpuSeconds(gateway.pid());
        CompletableFuture<WrkResult> misses = CompletableFuture.supplyAsync(() -> wrk.run(url, c, seconds, missEnv));
        CompletableFuture<WrkResult> hits = CompletableFuture.supplyAsync(
                () -> wrk.run(url, hitConcurrency, seconds, hitEnv));
        double peak = 0;
        while (!misses.isDone() || !hits.isDone()) {
            peak = Math.max(peak, ProcStats.rssMiB(gateway.pid()));
            Thread.sleep(500);
        }
        double cpu = ProcStats.cpuSeconds(gateway.pid()) - cpuBefore;
        String after = metrics(port);
        Step step = new Step(c, misses.get(), hits.get(),
                delta(before, after, "reprise_requests_total", "provider=\"mock\",status=\"200\""),
                delta(before, after, "reprise_requests_total", "status=\"503\""),
                delta(before, after, "reprise_overload_skipped_total", "what=\"semantic-skipped\""),
                delta(before, after, "reprise_overload_skipped_total", "what=\"store-dropped\""),
                peak, cpu);
        System.out.println(row(step));
        return step;
    }

    /** Waits (up to a minute) until the gateway has settled what the last step left in flight. */
    private void settle(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        double last = -1;
        while (System.nanoTime() < deadline) {
            double now = sum(metrics(port), "reprise_requests_total", "");
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(2000);
        }
    }

    private static String missBody() {
        return LoadRun.body("mock", MISS_SYSTEM_PROMPT, UNIQUE_TEMPLATE, false);
    }

    private String table(List<Step> steps) {
        StringBuilder s = new StringBuilder();
        s.append("Overload curve (").append(label).append("): distinct misses on mock (").append(latencyMs)
                .append(" ms) at c, exact hits at c=").append(hitConcurrency).append(" alongside, one gateway, ")
                .append(seconds.toSeconds()).append(" s per step, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores shared with wrk and other work\n\n");
        s.append("| c | misses answered/s | miss p50 ms | miss p99 ms | added p50 ms | shed (503) | semantic skipped |"
                + " answers not stored | hits/s | hit p50 ms | hit p99 ms | hit errors | gateway CPU s | peak RSS MiB |\n");
        s.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Step step : steps) {
            s.append(row(step)).append('\n');
        }
        return s.toString();
    }

    private String row(Step st) {
        WrkResult m = st.misses();
        WrkResult h = st.hits();
        // Misses' latencies are wrk's, over every answer it got (fast 503s included); the shares are the gateway's own
        // counts: shed of the misses it answered or refused, the rest of those it answered.
        return String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %+.1f | %s | %s | %s | %.0f | %.2f | %.2f | %d |"
                        + " %.1f | %.0f |", st.concurrency(), st.served() / seconds.toSeconds(), m.p50Ms(), m.p99Ms(),
                m.p50Ms() - latencyMs, share(st.shed(), st.served() + st.shed()),
                share(st.semanticSkipped(), st.served()), share(st.storesDropped(), st.served()),
                h.rps(), h.p50Ms(), h.p99Ms(), h.errors(), st.gatewayCpuSeconds(), st.peakRssMiB());
    }

    private static String share(double count, double of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * count / of);
    }

    private Map<String, String> env(Path work, String name, String body, boolean unique, String headers,
                                    String runId) throws IOException {
        Path file = work.resolve("bodies-" + name + ".jsonl");
        Files.write(file, List.of(body));
        Map<String, String> env = new HashMap<>();
        env.put("WRK_BODY_FILE", file.toString());
        env.put("WRK_UNIQUE", unique ? "1" : "0");
        env.put("WRK_RUN_ID", runId + LoadRun.letters(System.currentTimeMillis() / 1000));
        env.put("WRK_HEADERS", headers);
        return env;
    }

    /** The sum of every sample of {@code name} whose labels contain {@code labelPart}, after minus before. */
    static double delta(String before, String after, String name, String labelPart) {
        return sum(after, name, labelPart) - sum(before, name, labelPart);
    }

    static double sum(String prometheus, String name, String labelPart) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(prometheus);
        double total = 0;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelPart)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private String metrics(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitAnswer(ManagedProcess process, int port, String body) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited; see " + process.log());
            }
            try {
                if (post(port, body).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the gateway did not answer within " + START_TIMEOUT + "; see " + process.log());
    }
}
