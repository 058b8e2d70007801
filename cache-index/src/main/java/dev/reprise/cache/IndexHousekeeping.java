package dev.reprise.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background work of a {@link LuceneVectorIndex} on two daemon threads. One commits every
 * {@code commitInterval} at a fixed rate, so that durability has a bound: an entry put in the index is
 * committed within one interval plus the time a commit takes. The other refreshes the searcher every 50 ms
 * and purges expired entries every {@code purgeInterval} by the injected clock; a slow refresh or a large
 * purge on that thread cannot push a commit back. The schedule runs on real time; only TTLs use the clock.
 */
final class IndexHousekeeping {

    static final Duration REFRESH_INTERVAL = Duration.ofMillis(50);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(IndexHousekeeping.class.getName());

    private final List<ScheduledExecutorService> schedulers;

    private IndexHousekeeping(List<ScheduledExecutorService> schedulers) {
        this.schedulers = schedulers;
    }

    static IndexHousekeeping start(LuceneVectorIndex index, IndexAccess access, IndexOptions options) {
        ScheduledExecutorService commits = daemon("reprise-cache-index-commit");
        ScheduledExecutorService upkeep = daemon("reprise-cache-index-housekeeping");
        long commitMillis = options.commitInterval().toMillis();
        // Fixed rate: a commit that runs late (a busy disk) does not shift every later one.
        commits.scheduleAtFixedRate(guarded("commit", index::commitIfChanged), commitMillis, commitMillis,
                TimeUnit.MILLISECONDS);
        every(upkeep, REFRESH_INTERVAL, "refresh", access::refreshIfStale);
        every(upkeep, options.purgeInterval(), "purge", () -> index.purgeExpired(options.clock().instant()));
        return new IndexHousekeeping(List.of(commits, upkeep));
    }

    /** Stops both schedules and waits for tasks in flight, so close() does not race a commit. */
    void stop() {
        schedulers.forEach(ScheduledExecutorService::shutdown);
        try {
            for (ScheduledExecutorService scheduler : schedulers) {
                if (!scheduler.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "cache index housekeeping did not stop within " + STOP_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void every(ScheduledExecutorService scheduler, Duration interval, String name, Task task) {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(guarded(name, task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** An exception would cancel a periodic task for good; log it and try again next time. */
    private static Runnable guarded(String name, Task task) {
        return () -> {
            try {
                task.run();
            } catch (Exception | AssertionError e) {
                LOG.log(System.Logger.Level.WARNING, "cache index " + name + " failed; retrying next interval", e);
            }
        };
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }
}
