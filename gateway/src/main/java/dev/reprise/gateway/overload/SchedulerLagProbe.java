package dev.reprise.gateway.overload;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * How long a runnable virtual thread waits for a carrier right now: a virtual thread that sleeps for a fixed interval,
 * over and over, and measures how late it wakes. Requests run on virtual threads, so when the gateway's CPU work
 * (embedding, search, JSON) outgrows the cores, every request, an exact hit too, waits this long before each step;
 * the lag is the queue the gateway cannot see otherwise. It reports the least of the last few samples, as CoDel reads
 * a queue's delay: one late wake-up (a collector pause, another process taking the core for a moment) is no queue.
 */
public final class SchedulerLagProbe implements LagSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SchedulerLagProbe.class.getName());

    /** How many recent samples the lag is the least of. */
    static final int WINDOW = 4;

    private final long intervalNanos;
    private final LongSupplier ticker;
    private final Thread thread;
    /** When the current sleep should end, on {@code ticker}; a wake later than this is lag. */
    private volatile long dueAt;
    /** The last {@link #WINDOW} samples, written by the probe thread only. */
    private final long[] samples = new long[WINDOW];
    private int next;
    private volatile long recentLag;
    private volatile boolean running = true;

    /** Starts sampling every {@code interval} on {@code ticker} (nanoseconds, as {@link System#nanoTime()}). */
    public SchedulerLagProbe(Duration interval, LongSupplier ticker) {
        this.intervalNanos = interval.toNanos();
        this.ticker = ticker;
        this.dueAt = ticker.getAsLong() + intervalNanos;
        this.thread = Thread.ofVirtual().name("reprise-scheduler-lag").start(this::sample);
    }

    /**
     * The least lag of the last few wake-ups, or, while the probe is overdue, how overdue it is: a probe starved for a
     * second reports it as it happens, not only once it runs again.
     */
    @Override
    public long lagNanos() {
        return Math.max(recentLag, ticker.getAsLong() - dueAt);
    }

    private void sample() {
        while (running) {
            long start = ticker.getAsLong();
            dueAt = start + intervalNanos;
            try {
                Thread.sleep(Duration.ofNanos(intervalNanos));
            } catch (InterruptedException e) {
                return;
            }
            samples[next] = Math.max(0, ticker.getAsLong() - dueAt);
            next = (next + 1) % WINDOW;
            long least = Long.MAX_VALUE;
            for (long sample : samples) {
                least = Math.min(least, sample);
            }
            recentLag = least;
        }
        LOG.fine("scheduler lag probe stopped");
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
