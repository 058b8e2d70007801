package dev.reprise.gateway.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the config file and calls back when it changed. It polls the file's modification time and
 * size rather than using a WatchService, which misses edits on some container and network file systems
 * and when editors replace the file by a rename.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    private final Consumer<Path> onChange;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("config-watcher").daemon(true).factory());
    private volatile Stamp last;

    private record Stamp(long modified, long size) {
    }

    public ConfigWatcher(Path file, Duration interval, Consumer<Path> onChange) {
        this.file = Objects.requireNonNull(file, "file");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.last = stamp();
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks once, now: for tests that do not want to wait for the timer. */
    public synchronized void check() {
        Stamp now = stamp();
        if (now == null || now.equals(last)) {
            return;
        }
        last = now;
        try {
            onChange.accept(file);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handling a change of " + file + " failed", e);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
