package dev.reprise.testing.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Sends a {@link HostileCorpus} to a gateway over raw sockets from a few threads at once, and tallies the answers.
 * Each request gets its own connection, so one that breaks a connection cannot hide the next one's answer.
 */
public final class HostileReplay {

    /** How long a request may go unanswered before it counts as "no answer (timeout)". */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(30);

    private HostileReplay() {
    }

    public static ReplayTally run(HostileCorpus corpus, String host, int port, int concurrency) {
        return run(corpus, host, port, concurrency, DEFAULT_PATIENCE, n -> { });
    }

    /** As {@link #run(HostileCorpus, String, int, int)}; {@code progress} hears the count of requests done. */
    public static ReplayTally run(HostileCorpus corpus, String host, int port, int concurrency, Duration patience,
                                  IntConsumer progress) {
        ReplayTally tally = new ReplayTally();
        AtomicInteger done = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofPlatform().name("hostile-replay-" + i).start(() -> {
                HostileRequest request;
                while ((request = corpus.next()) != null) {
                    long start = System.nanoTime();
                    RawAnswer answer = RawExchange.send(host, port, request, patience);
                    tally.add(request, answer, System.nanoTime() - start);
                    progress.accept(done.incrementAndGet());
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying", e);
            }
        }
        return tally;
    }
}
