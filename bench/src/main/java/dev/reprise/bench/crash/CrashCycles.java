package dev.reprise.bench.crash;

import dev.reprise.gateway.cache.CacheStatus;
import dev.reprise.gateway.cache.ResponseCache;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Start a gateway (mock model, cache on, default settings but the commit interval), store distinct answers under
 * load, {@code kill -9} it at a moment drawn after the cycle's first commit, check the index with Lucene's checker, restart, and ask again every
 * question the index had <em>committed</em> at the kill: each must be an exact hit. Committed means in the index's
 * last commit point on disk, read by an independent reader just before the kill: what a restart opens.
 */
final class CrashCycles {

    /** A bound on one start (JVM, embedding model, index), not a timing under test. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(300);
    /** A bound on the wait for a cycle's first commit under load, not a timing under test. */
    private static final Duration COMMIT_DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Older committed questions asked again each cycle, so a later crash that loses earlier entries shows. */
    private static final int OLDER_SAMPLE = 100;
    private static final int CHECKERS = 8;
    /** Log lines that speak of a broken index or a failing cache. */
    private static final Pattern INDEX_TROUBLE = Pattern.compile(
            "(?i)(SEVERE|corrupt|IndexFormat|LockObtainFailed|(WARNING.*(cache|index|lucene)))");

    private final CrashOptions options;
    private final Random random;
    private final PrintStream out;

    CrashCycles(CrashOptions options, PrintStream out) {
        this.options = options;
        this.random = new Random(options.seed());
        this.out = out;
    }

    CrashFigures run() throws IOException, InterruptedException {
        Path work = options.workDir();
        Files.createDirectories(work);
        Path data = work.resolve("data");
        Path config = work.resolve("reprise.yaml");
        Path log = work.resolve("gateway.log");
        Files.writeString(config, """
                models:
                  - name: mock
                    provider: mock
                    latency: %dms
                data-dir: %s
                cache:
                  commit-interval: %dms
                # Off: degraded by a busy machine's scheduler lag, the gateway stores nothing, and no entry is at stake.
                overload:
                  enabled: false
                """.formatted(options.mockLatency().toMillis(), data, options.commitInterval().toMillis()));
        IndexOnDisk index = new IndexOnDisk(data.resolve(ResponseCache.INDEX_FOLDER));
        Tally tally = new Tally();
        List<String> older = new ArrayList<>();
        Set<String> atRisk = Set.of();
        // One start more than cycles: the last only asks again what the last kill left.
        for (int start = 1; start <= options.cycles() + 1; start++) {
            long logMark = Files.exists(log) ? Files.size(log) : 0;
            Optional<KillableGateway> started = KillableGateway.start(config, log, START_DEADLINE);
            if (started.isEmpty()) {
                tally.failedRestarts++;
                tally.problems.add("start " + start + ": no 'listening' line within " + START_DEADLINE.toSeconds()
                        + " s (see " + log + ")");
                continue;
            }
            KillableGateway gateway = started.get();
            try {
                List<String> toCheck = new ArrayList<>(atRisk);
                toCheck.addAll(sample(older));
                List<String> missing = check(gateway.port(), toCheck);
                tally.checked += toCheck.size();
                tally.lost += missing.size();
                int restart = start;
                missing.stream().limit(5).forEach(q -> tally.problems.add("start " + restart + ": lost '" + q + "'"));
                older.addAll(atRisk);
                atRisk = Set.of();
                if (start > options.cycles()) {
                    break;
                }
                Duration load = drawLoad();
                Set<String> answered;
                Set<String> committed;
                int before = index.committedCount();
                try (MissLoad misses = new MissLoad(gateway.port(), "crash cycle " + start, options.concurrency())) {
                    // The drawn moment counts from the cycle's first commit, so every kill has committed entries at
                    // stake however slow the machine is.
                    if (!awaitCommit(index, before)) {
                        tally.problems.add("cycle " + start + ": nothing committed within " + COMMIT_DEADLINE.toSeconds()
                                + " s of load");
                    }
                    Thread.sleep(load);
                    committed = index.committedQuestions();
                    gateway.kill();
                    misses.close();
                    answered = misses.answered();
                }
                Set<String> committedAnswers = new HashSet<>(answered);
                committedAnswers.retainAll(committed);
                tally.answered += answered.size();
                tally.committed += committedAnswers.size();
                tally.uncommitted += answered.size() - committedAnswers.size();
                atRisk = committedAnswers;
                String report = index.problems();
                if (report != null) {
                    tally.indexErrors++;
                    tally.problems.add("cycle " + start + ": CheckIndex found problems:\n" + report);
                }
                out.printf(Locale.ROOT, "cycle %2d: killed %4.1f s after the first commit, %5d answered, "
                                + "%5d committed at the kill%n",
                        start, load.toMillis() / 1000.0, answered.size(), committedAnswers.size());
            } finally {
                gateway.kill();
                for (String line : logSince(log, logMark)) {
                    if (INDEX_TROUBLE.matcher(line).find()) {
                        tally.indexErrors++;
                        tally.problems.add("start " + start + ": " + line);
                    }
                }
            }
        }
        return new CrashFigures(options.cycles(), tally.answered, tally.committed, tally.uncommitted, tally.checked,
                tally.lost, tally.failedRestarts, tally.indexErrors, List.copyOf(tally.problems));
    }

    /** Polls the index from outside until its last commit holds more than {@code before} entries. */
    private static boolean awaitCommit(IndexOnDisk index, int before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + COMMIT_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (index.committedCount() > before) {
                return true;
            }
            Thread.sleep(POLL);
        }
        return false;
    }

    private Duration drawLoad() {
        long min = options.minLoad().toMillis();
        long max = options.maxLoad().toMillis();
        return Duration.ofMillis(min + (max == min ? 0 : random.nextLong(max - min + 1)));
    }

    private List<String> sample(List<String> older) {
        List<String> copy = new ArrayList<>(older);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(OLDER_SAMPLE, copy.size()));
    }

    /** The questions among {@code questions} that the gateway did not answer from the cache as exact hits. */
    private static List<String> check(int port, List<String> questions) throws InterruptedException {
        URI chat = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        List<String> missing = new CopyOnWriteArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            List<Thread> checkers = new ArrayList<>();
            for (int c = 0; c < CHECKERS; c++) {
                int first = c;
                checkers.add(Thread.ofVirtual().start(() -> {
                    for (int i = first; i < questions.size(); i += CHECKERS) {
                        String q = questions.get(i);
                        try {
                            HttpResponse<String> r = http.send(MissLoad.request(chat, q),
                                    HttpResponse.BodyHandlers.ofString());
                            if (!"hit-exact".equals(r.headers().firstValue(CacheStatus.HEADER).orElse(""))) {
                                missing.add(q);
                            }
                        } catch (IOException e) {
                            missing.add(q);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Thread t : checkers) {
                t.join();
            }
        }
        return missing;
    }

    private static List<String> logSince(Path log, long mark) {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(mark, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Running totals. */
    private static final class Tally {
        long answered;
        long committed;
        long uncommitted;
        long checked;
        long lost;
        int failedRestarts;
        int indexErrors;
        final List<String> problems = new ArrayList<>();
    }
}
