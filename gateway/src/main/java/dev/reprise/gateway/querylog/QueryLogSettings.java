package dev.reprise.gateway.querylog;

import java.nio.file.Path;

/**
 * {@code cache.query-log}: whether the gateway keeps a log of the queries that reached the cache lookup, how
 * many bytes of it to keep, and where. Off by default, because it stores what users wrote. All three are
 * read at start only.
 *
 * @param maxSize bytes on disk to keep; the oldest files are deleted beyond it
 * @param path    the folder, or null for {@code <data-dir>/query-log}
 */
public record QueryLogSettings(boolean enabled, long maxSize, Path path) {

    public static final boolean DEFAULT_ENABLED = false;
    public static final long DEFAULT_MAX_SIZE = 64L << 20;
    /** Below this a log holds a handful of records, which is a mistake rather than a choice. */
    public static final long MIN_MAX_SIZE = 1L << 10;

    public QueryLogSettings {
        if (maxSize < MIN_MAX_SIZE) {
            throw new IllegalArgumentException("cache.query-log.max-size must be at least " + MIN_MAX_SIZE
                    + " bytes (1KiB), got " + maxSize);
        }
    }

    public static QueryLogSettings defaults() {
        return new QueryLogSettings(DEFAULT_ENABLED, DEFAULT_MAX_SIZE, null);
    }

    public QueryLogSettings withEnabled(boolean on) {
        return new QueryLogSettings(on, maxSize, path);
    }

    /** The folder to use: {@link #path} when set, else {@code query-log} under {@code dataDir}. */
    public Path folderUnder(Path dataDir) {
        return path != null ? path : dataDir.resolve(QueryLog.FOLDER);
    }
}
