package dev.reprise.cache;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background work of a {@link LuceneVectorIndex} on one daemon thread: refresh the searcher every 50 ms,
 * commit every {@code commitInterval}, purge expired entries every {@code purgeInterval} by the injected clock.
 * The schedule runs on real time; only TTL decisions use the clock.
 */
final class IndexHousekeeping {

    static final Duration REFRESH_INTERVAL = Duration.ofMillis(50);
    private static final System.Logger LOG = System.getLogger(IndexHousekeeping.class.getName());

    private final ScheduledExecutorService scheduler;

    private IndexHousekeeping(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static IndexHousekeeping start(LuceneVectorIndex index, IndexAccess access, IndexOptions options) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "reprise-cache-index-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        every(scheduler, REFRESH_INTERVAL, "refresh", access::refreshIfStale);
        every(scheduler, options.commitInterval(), "commit", index::commitIfChanged);
        every(scheduler, options.purgeInterval(), "purge", () -> index.purgeExpired(options.clock().instant()));
        return new IndexHousekeeping(scheduler);
    }

    /** Stops the schedule and waits for a task in flight, so close() does not race a commit. */
    void stop() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "cache index housekeeping did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void every(ScheduledExecutorService scheduler, Duration interval, String name, Task task) {
        long millis = interval.toMillis();
        // An exception would cancel a periodic task for good; log it and try again next time.
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Exception | AssertionError e) {
                LOG.log(System.Logger.Level.WARNING, "cache index " + name + " failed; retrying next interval", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }
}
