package dev.reprise.bench.hostile;

import dev.reprise.bench.load.ManagedProcess;
import dev.reprise.testing.hostile.HostileCorpus;
import dev.reprise.testing.hostile.HostileReplay;
import dev.reprise.testing.hostile.HostileTarget;
import dev.reprise.testing.hostile.ReplayTally;

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

/**
 * {@code ./reprise bench hostile}: replays the seeded hostile corpus (test-support's {@link HostileCorpus}, the one
 * the gateway's CI test replays in small) against a gateway it starts, or one at {@code --url}, and reports the
 * answers by status class, every 5xx, the health after and the gateway's memory. Exits 1 when a rule was broken.
 */
public final class HostileMain {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HostileMain() {
    }

    public static void main(String[] args) throws Exception {
        HostileOptions options;
        try {
            options = HostileOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, String.join(" ", args)) ? 0 : 1);
    }

    static boolean run(HostileOptions options, String argLine) throws Exception {
        ManagedProcess child = null;
        String url = options.url();
        String key = options.key();
        String adminKey = options.adminKey();
        if (url == null) {
            int port = HostileGateway.freePort();
            Path work = Files.createTempDirectory("reprise-hostile");
            child = HostileGateway.start(options.root(), work, port, options.maxBody());
            url = "http://127.0.0.1:" + port;
            key = HostileGateway.CLIENT_KEY;
            adminKey = HostileGateway.ADMIN_KEY;
            System.out.println("reprise bench hostile: started the gateway (pid " + child.pid() + ", log "
                    + child.log() + ")");
        }
        ManagedProcess gateway = child;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (gateway != null) {
                gateway.close();
            }
        }));
        try {
            awaitHealthy(url, child);
            int warmUp = chat(url, key);
            HostileReport.Memory before = child == null ? null : HostileReport.Memory.of(child.pid());
            URI uri = URI.create(url);
            HostileTarget target = new HostileTarget("mock", key, adminKey, options.maxBody());
            System.out.printf("reprise bench hostile: %d requests, seed %d, concurrency %d, against %s%n",
                    options.requests(), options.seed(), options.concurrency(), url);
            long start = System.nanoTime();
            ReplayTally tally = HostileReplay.run(new HostileCorpus(target, options.seed(), options.requests()),
                    uri.getHost(), uri.getPort(), options.concurrency(), HostileReplay.DEFAULT_PATIENCE, n -> {
                        if (n % 1000 == 0) {
                            System.out.printf("  %d / %d%n", n, options.requests());
                        }
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            HostileReport.After after = new HostileReport.After(status(url + "/health", null), chat(url, key),
                    child == null ? null : HostileReport.Memory.of(child.pid()),
                    child == null ? -1 : severeLines(child.log()), child != null && child.isAlive());
            HostileReport report = new HostileReport(options, argLine, tally, took, warmUp, before, after);
            String md = report.markdown();
            System.out.println();
            System.out.println(md);
            Files.createDirectories(options.out());
            Path file = options.out().resolve("hostile-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
            Files.writeString(file, md);
            System.out.println("Written: " + file);
            return report.passed();
        } finally {
            if (child != null) {
                child.close();
            }
        }
    }

    private static void awaitHealthy(String url, ManagedProcess child) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (child != null && !child.isAlive()) {
                throw new IllegalStateException("the gateway exited at start; see " + child.log());
            }
            if (status(url + "/health", null) == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway at " + url + " was not healthy within " + START_TIMEOUT);
    }

    /** A plain chat request's status, or 0 when none came. */
    static int chat(String url, String key) {
        return status(url + "/v1/chat/completions", HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"Are you still there?\"}]}"), key);
    }

    private static int status(String url, HttpRequest.BodyPublisher body) {
        return status(url, body, null);
    }

    private static int status(String url, HttpRequest.BodyPublisher body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json").POST(body);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static long severeLines(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" SEVERE ")).count();
        }
    }
}
