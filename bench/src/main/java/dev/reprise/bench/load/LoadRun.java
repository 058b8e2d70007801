package dev.reprise.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.bench.jmh.BenchTexts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The side-by-side load run behind {@code ./reprise bench load}: starts the fake upstream, Reprise (an {@code openai}
 * alias on the fake upstream, plus the mock alias) and Portkey's gateway on the same upstream, drives every
 * {@link Scenario} with wrk at each concurrency, rounds interleaved, and prints and writes one table.
 * {@code bench/scripts/load.sh} builds, installs wrk and Portkey, then runs this.
 */
public final class LoadRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASS_QUESTION = "Summarise in one sentence why caching answers saves money.";
    private static final String UNIQUE_TEMPLATE = "What does the setting called UNIQUE do in the project options?";
    /**
     * The miss scenario's questions differ in one made-up word, so some are close enough in meaning to hit or
     * to follow one another in flight. A threshold of 1 keeps every request on the whole miss path (embed,
     * search, upstream call, store) while the search still runs.
     */
    private static final Map<String, String> MISS_HEADERS = Map.of("x-reprise-cache-threshold", "1");
    private static final String SYSTEM_PROMPT = "You are a helpful support assistant.";
    /**
     * The miss scenario stores every question, over 10,000 of them in a full run. In the hit scenarios' namespace
     * that pushed the lone stored question out of HNSW's reach (a namespace over 10,000 entries is searched through
     * the graph), and the paraphrases started to miss. Its own system prompt gives it its own namespace.
     */
    private static final String MISS_SYSTEM_PROMPT = "You are a helpful support assistant for project settings.";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final LoadOptions options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ManagedProcess> started = new ArrayList<>();
    private final Map<String, Double> rssUnderLoad = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private int upstreamPort;
    private int reprisePort;
    private int portkeyPort;

    LoadRun(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parse(args);
        LoadRun run = new LoadRun(options);
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll));
        try {
            LoadReport report = run.run();
            String stem = "load-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
            Path md = ReportWriter.write(report, options.out(), stem);
            ReportWriter.write(report, options.out(), "load-latest");
            System.out.println();
            System.out.println(ReportWriter.markdown(report));
            System.out.println("Written: " + md + " and " + md.resolveSibling(stem + ".json"));
        } finally {
            run.stopAll();
        }
    }

    LoadReport run() throws Exception {
        Path work = options.workDir();
        Files.createDirectories(work);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("reprise bench load: this machine has %d cores, shared by wrk, the gateway under test and "
                + "the fake upstream.%n", cores);
        List<LoadReport.ProcessFacts> facts = new ArrayList<>();

        upstreamPort = freePort();
        ManagedProcess upstream = start("fake-upstream", List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                benchClasspath(), FakeUpstream.class.getName(), "--port", Integer.toString(upstreamPort)));
        facts.add(awaitFirstAnswer(upstream, upstreamPort, body("gpt-4o-mini", PASS_QUESTION, false),
                Map.of()));

        reprisePort = freePort();
        Path config = writeRepriseConfig(work);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(GatewayJvm.REQUIRED_FLAGS);
        command.addAll(options.gatewayJvm());
        command.addAll(List.of("-jar", options.root().resolve("gateway/target/reprise-gateway.jar").toString(),
                "serve", "--config", config.toString(), "--port", Integer.toString(reprisePort)));
        ManagedProcess reprise = start("reprise", command);
        facts.add(awaitFirstAnswer(reprise, reprisePort, body("openai", PASS_QUESTION, false),
                Map.of("Cache-Control", "no-store")));

        ManagedProcess portkey = null;
        if (options.portkey()) {
            portkeyPort = freePort();
            Path portkeyDir = options.root().resolve("bench/target/portkey");
            portkey = start("portkey", List.of("node", "--import",
                    options.root().resolve("bench/scripts/portkey-bind-localhost.mjs").toUri().toString(),
                    portkeyDir.resolve("node_modules/@portkey-ai/gateway/build/start-server.js").toString(),
                    "--port=" + portkeyPort, "--headless"));
            facts.add(awaitFirstAnswer(portkey, portkeyPort, body("gpt-4o-mini", PASS_QUESTION, false),
                    portkeyHeaders()));
            notes.add("Portkey " + portkeyVersion(portkeyDir) + " with @hono/node-server 1.13.8, node "
                    + command("node", "--version") + ", bound to 127.0.0.1, started with --headless.");
        }
        Thread.sleep(1000);
        Map<String, Double> atRest = new LinkedHashMap<>();
        for (ManagedProcess p : started) {
            atRest.put(p.name(), ProcStats.rssMiB(p.pid()));
        }

        Map<String, String> cacheChecks = primeAndCheckCache();
        List<Scenario> scenarios = Scenario.all(options.portkey());
        if (!options.scenarios().isEmpty()) {
            scenarios = scenarios.stream().filter(s -> options.scenarios().contains(s.name())).toList();
            if (scenarios.size() != options.scenarios().size()) {
                throw new IllegalArgumentException("unknown scenario in " + options.scenarios() + "; known: "
                        + Scenario.all(options.portkey()).stream().map(Scenario::name).toList());
            }
        }
        Wrk wrk = new Wrk(options.root().resolve("bench/scripts/wrk-chat.lua"));
        System.out.printf("warming up: %d s per scenario at c=8%n", options.warmup().toSeconds());
        for (Scenario s : scenarios) {
            wrk.run(url(s), 8, options.warmup(), wrkEnv(s, work, "warm"));
        }

        List<CellResult> cells = new ArrayList<>();
        int total = options.concurrency().size() * options.rounds() * scenarios.size();
        int done = 0;
        for (int c : options.concurrency()) {
            for (int round = 1; round <= options.rounds(); round++) {
                for (Scenario s : scenarios) {
                    ManagedProcess gateway = switch (s.target()) {
                        case DIRECT -> null;
                        case REPRISE -> reprise;
                        case PORTKEY -> portkey;
                    };
                    double gwBefore = gateway == null ? Double.NaN : ProcStats.cpuSeconds(gateway.pid());
                    double upBefore = ProcStats.cpuSeconds(upstream.pid());
                    WrkResult r = wrk.run(url(s), c, options.cell(), wrkEnv(s, work, "c" + c + "r" + round));
                    double gwCpu = gateway == null ? Double.NaN : ProcStats.cpuSeconds(gateway.pid()) - gwBefore;
                    double upCpu = ProcStats.cpuSeconds(upstream.pid()) - upBefore;
                    sampleRss();
                    long n = Math.max(1, r.requests());
                    cells.add(new CellResult(s.name(), c, round, r.rps(), r.p50Ms(), r.p99Ms(), r.requests(),
                            r.errors(), gwCpu / n, upCpu / n, r.loadGeneratorCpuSeconds() / n));
                    done++;
                    String after = probeAfterCell(s, c, round);
                    System.out.printf("[%d/%d] c=%-3d round %d %-22s %8.0f rps  p50 %7.3f ms  p99 %7.3f ms  errors %d%s%n",
                            done, total, c, round, s.name(), r.rps(), r.p50Ms(), r.p99Ms(), r.errors(), after);
                }
            }
        }
        recheckCache(cacheChecks);
        for (ManagedProcess p : started) {
            LoadReport.ProcessFacts f = facts.stream().filter(x -> x.name().equals(p.name())).findFirst().orElseThrow();
            facts.set(facts.indexOf(f), new LoadReport.ProcessFacts(p.name(), f.startToFirstAnswerMs(),
                    atRest.getOrDefault(p.name(), Double.NaN), rssUnderLoad.getOrDefault(p.name(), Double.NaN),
                    ProcStats.peakRssMiB(p.pid())));
        }
        notes.add("CPU ms/req: CPU time (user+system, /proc/PID/stat) each process used during the cell, divided by "
                + "the requests wrk completed; gateway is Reprise or Portkey, whichever the row drives.");
        notes.add("Added p50: the row's median p50 minus the direct (or direct-stream) p50 at the same concurrency.");
        notes.add("Reprise runs on " + java() + " with " + (options.gatewayJvm().isEmpty() ? "the JVM's default heap "
                + "and collector" : String.join(" ", options.gatewayJvm())) + "; the cache uses its default settings"
                + (options.fill() > 0 ? ", prefilled with " + options.fill() + " entries" : "") + ".");
        if (options.paceMs() > 0) {
            notes.add("Paced: each connection waited " + options.paceMs() + " ms after every answer before its next "
                    + "request (not counted in the latency), so the load stays below saturation; RPS is what that "
                    + "pace offered, not the most the gateway can answer.");
        }
        notes.add("Reprise's RSS at the end: " + ProcStats.rssBreakdown(reprise.pid()) + ".");
        return new LoadReport(LocalDateTime.now().withNano(0).toString(), cores, options.rounds(),
                (int) options.cell().toSeconds(), cells, facts, cacheChecks, notes);
    }

    /** Stores the question exact hits will ask, then probes each cache scenario and records what it answered. */
    private Map<String, String> primeAndCheckCache() throws Exception {
        Map<String, String> checks = new TreeMap<>();
        String stored = body("openai", BenchTexts.STORED_QUESTION, false);
        post(reprisePort, stored, Map.of());
        String exact = "";
        for (int i = 0; i < 100 && !exact.equals("hit-exact"); i++) {
            Thread.sleep(100);
            exact = cacheHeader(post(reprisePort, stored, Map.of()));
        }
        checks.put("reprise-hit-exact", exact);
        Map<String, Integer> seen = new TreeMap<>();
        for (String p : BenchTexts.PARAPHRASES) {
            seen.merge(cacheHeader(post(reprisePort, body("openai", p, false), Map.of())), 1, Integer::sum);
        }
        checks.put("reprise-hit-semantic", summarise(seen, BenchTexts.PARAPHRASES.size()));
        checks.put("reprise-miss", cacheHeader(post(reprisePort,
                body("openai", MISS_SYSTEM_PROMPT, UNIQUE_TEMPLATE.replace("UNIQUE", "probe" + System.nanoTime() % 1000),
                        false), MISS_HEADERS)));
        checks.put("reprise-pass", cacheHeader(post(reprisePort, body("openai", PASS_QUESTION, false),
                Map.of("Cache-Control", "no-store"))));
        checks.put("reprise-stream", checks.get("reprise-pass"));
        for (Map.Entry<String, String> e : checks.entrySet()) {
            System.out.printf("cache check: %-22s x-reprise-cache: %s%n", e.getKey(), e.getValue());
        }
        if (!checks.get("reprise-hit-semantic").startsWith("hit-semantic")) {
            notes.add("The semantic-hit scenario did NOT get x-reprise-cache: hit-semantic from the gateway ("
                    + checks.get("reprise-hit-semantic") + "); its row measures whatever the gateway did instead.");
        }
        return checks;
    }

    /** After a cell of a hit scenario, one more request of it: does it still get the expected cache header? */
    private String probeAfterCell(Scenario s, int c, int round) throws Exception {
        if (s.target() != Scenario.Target.REPRISE || s.expectedCache() == null || !s.expectedCache().startsWith("hit")) {
            return "";
        }
        String question = s.bodies() == Scenario.Bodies.PARAPHRASES ? BenchTexts.PARAPHRASES.getFirst()
                : BenchTexts.STORED_QUESTION;
        String header = cacheHeader(post(reprisePort, body("openai", question, false), Map.of()));
        if (!header.equals(s.expectedCache())) {
            notes.add("After " + s.name() + " at c=" + c + " round " + round + " a probe got x-reprise-cache: "
                    + header + " (expected " + s.expectedCache() + ").");
        }
        return "  cache " + header;
    }

    /**
     * Probes the cache scenarios again once every cell has run, since earlier cells (misses, overload) could change
     * what a scenario's requests get; the check then reads "before run; after run".
     */
    private void recheckCache(Map<String, String> checks) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (String p : BenchTexts.PARAPHRASES) {
            seen.merge(cacheHeader(post(reprisePort, body("openai", p, false), Map.of())), 1, Integer::sum);
        }
        String after = summarise(seen, BenchTexts.PARAPHRASES.size());
        checks.put("reprise-hit-semantic", checks.get("reprise-hit-semantic") + "; after run: " + after);
        String exact = cacheHeader(post(reprisePort, body("openai", BenchTexts.STORED_QUESTION, false), Map.of()));
        checks.put("reprise-hit-exact", checks.get("reprise-hit-exact") + "; after run: " + exact);
        if (!after.startsWith("hit-semantic")) {
            notes.add("After the run the paraphrases got " + after + " instead of hit-semantic: some cells of the "
                    + "semantic scenario measured another path (see the RPS range).");
        }
    }

    private static String summarise(Map<String, Integer> seen, int total) {
        List<String> parts = new ArrayList<>();
        seen.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> parts.add(e.getKey() + " " + e.getValue() + "/" + total));
        return String.join(", ", parts);
    }

    private HttpResponse<String> post(int port, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cacheHeader(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return "status " + response.statusCode();
        }
        return response.headers().firstValue("x-reprise-cache").orElse("(no header)");
    }

    private LoadReport.ProcessFacts awaitFirstAnswer(ManagedProcess process, int port, String body,
                                                     Map<String, String> headers) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited before answering; see " + process.log());
            }
            try {
                HttpResponse<String> response = post(port, body, headers);
                if (response.statusCode() == 200) {
                    double ms = (System.nanoTime() - process.startedNanos()) / 1e6;
                    System.out.printf("%s answered its first request %.0f ms after start (pid %d)%n",
                            process.name(), ms, process.pid());
                    return new LoadReport.ProcessFacts(process.name(), ms, Double.NaN, Double.NaN, Double.NaN);
                }
                last = "status " + response.statusCode() + ": " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(process.name() + " did not answer within " + START_TIMEOUT + " (" + last
                + "); see " + process.log());
    }

    private void sampleRss() {
        for (ManagedProcess p : started) {
            rssUnderLoad.merge(p.name(), ProcStats.rssMiB(p.pid()), Math::max);
        }
    }

    private Map<String, String> wrkEnv(Scenario s, Path work, String tag) throws IOException {
        String model = s.target() == Scenario.Target.REPRISE ? "openai" : "gpt-4o-mini";
        List<String> lines = switch (s.bodies()) {
            case FIXED -> List.of(body(model, PASS_QUESTION, s.stream()));
            case STORED -> List.of(body(model, BenchTexts.STORED_QUESTION, s.stream()));
            case PARAPHRASES -> BenchTexts.PARAPHRASES.stream().map(p -> body(model, p, s.stream())).toList();
            case UNIQUE -> List.of(body(model, MISS_SYSTEM_PROMPT, UNIQUE_TEMPLATE, s.stream()));
        };
        Path file = work.resolve("bodies-" + s.name() + ".jsonl");
        Files.write(file, lines);
        Map<String, String> headers = new LinkedHashMap<>();
        switch (s.target()) {
            case DIRECT -> headers.put("Authorization", "Bearer sk-bench");
            case REPRISE -> {
                if (s.noStore()) {
                    headers.put("Cache-Control", "no-store");
                }
                if (s.bodies() == Scenario.Bodies.UNIQUE) {
                    headers.putAll(MISS_HEADERS);
                }
            }
            case PORTKEY -> headers.putAll(portkeyHeaders());
        }
        Map<String, String> env = new HashMap<>();
        env.put("WRK_BODY_FILE", file.toString());
        env.put("WRK_UNIQUE", s.bodies() == Scenario.Bodies.UNIQUE ? "1" : "0");
        env.put("WRK_RUN_ID", letters(System.currentTimeMillis() / 1000) + tag.replaceAll("[0-9]", ""));
        env.put("WRK_HEADERS", String.join("|", headers.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()));
        env.put("WRK_PACE_MS", Integer.toString(options.paceMs()));
        return env;
    }

    private Map<String, String> portkeyHeaders() {
        return Map.of("x-portkey-provider", "openai",
                "x-portkey-custom-host", "http://127.0.0.1:" + upstreamPort + "/v1",
                "Authorization", "Bearer sk-bench");
    }

    private String url(Scenario s) {
        int port = switch (s.target()) {
            case DIRECT -> upstreamPort;
            case REPRISE -> reprisePort;
            case PORTKEY -> portkeyPort;
        };
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    /** One OpenAI chat request body: a system prompt and the question. */
    static String body(String model, String question, boolean stream) {
        return body(model, SYSTEM_PROMPT, question, stream);
    }

    static String body(String model, String system, String question, boolean stream) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        var messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", question);
        if (stream) {
            root.put("stream", true);
        }
        return root.toString();
    }

    private Path writeRepriseConfig(Path work) throws IOException {
        Path data = work.resolve("data-" + System.currentTimeMillis());
        if (options.fill() > 0) {
            Files.createDirectories(data);
            IndexFiller.copy(IndexFiller.prebuilt(work, options.fill()), data.resolve("cache-index"));
        }
        String yaml = """
                # Written by dev.reprise.bench.load.LoadRun for one load run.
                server:
                  host: 127.0.0.1
                  port: %d
                data-dir: %s
                models:
                  - name: openai
                    provider: openai
                    model: gpt-4o-mini
                    base-url: http://127.0.0.1:%d/v1
                    api-key: sk-bench
                    timeout: 30s
                    # The injection detector scores the stored question ("How do I reset my password?") between
                    # 0.6 (its default threshold) and 0.8; a flagged prompt's answer is never stored, so at 0.6
                    # the exact-hit scenario measured misses.
                    guardrails:
                      injection: { threshold: 0.8 }
                  - name: mock
                    provider: mock
                    latency: 0ms
                """.formatted(reprisePort, data, upstreamPort);
        Path config = work.resolve("reprise-load.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private ManagedProcess start(String name, List<String> command) {
        ManagedProcess p = ManagedProcess.start(name, command, options.root(),
                options.workDir().resolve(name + ".log"));
        started.add(p);
        return p;
    }

    void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private String benchClasspath() {
        Path bench = options.root().resolve("bench/target");
        return bench.resolve("reprise-bench.jar") + ":" + bench.resolve("lib") + "/*";
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String portkeyVersion(Path dir) {
        try {
            return JSON.readTree(dir.resolve("node_modules/@portkey-ai/gateway/package.json").toFile())
                    .path("version").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static String letters(long n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }
}
