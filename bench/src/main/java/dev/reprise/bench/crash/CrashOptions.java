package dev.reprise.bench.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The command line of {@code ./reprise bench crash}, validated; messages name the option and the value.
 *
 * @param cycles         start, load, {@code kill -9} rounds
 * @param concurrency    clients sending distinct misses at once during the load
 * @param minLoad        the shortest load between the cycle's first commit and the kill
 * @param maxLoad        the longest (each cycle draws its own between the two, so kills fall anywhere in the
 *                       commit interval)
 * @param commitInterval the gateway's {@code cache.commit-interval}
 * @param mockLatency    the mock model's latency, so that answers arrive at a realistic pace
 * @param seed           seeds the kill moments, so a rerun draws the same ones
 * @param workDir        where the gateway's config, data dir and logs go (kept after the run)
 */
public record CrashOptions(int cycles, int concurrency, Duration minLoad, Duration maxLoad, Duration commitInterval,
                           Duration mockLatency, long seed, Path workDir) {

    public static final int DEFAULT_CYCLES = 20;
    public static final int DEFAULT_CONCURRENCY = 16;
    public static final Duration DEFAULT_MIN_LOAD = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_LOAD = Duration.ofSeconds(11);
    /** The gateway's own default, so the figure is the one a default deployment gets. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MOCK_LATENCY = Duration.ofMillis(20);
    public static final long DEFAULT_SEED = 19;

    public static final String USAGE = """
            usage: reprise bench crash [options]
              --cycles N             start, store under load, kill -9, restart rounds (default %d)
              --concurrency N        clients sending distinct misses at once (default %d)
              --load MIN,MAX         seconds of load from the cycle's first commit to the kill, drawn between the
                                     two (default %d,%d)
              --commit-interval D    the gateway's cache.commit-interval, e.g. 5s or 200ms (default %s)
              --seed N               seeds the kill moments (default %d)
              --work-dir DIR         config, data dir and child logs (default: a new temp folder, kept)
            """.formatted(DEFAULT_CYCLES, DEFAULT_CONCURRENCY, DEFAULT_MIN_LOAD.toSeconds(), DEFAULT_MAX_LOAD.toSeconds(),
            "5s", DEFAULT_SEED);

    public CrashOptions {
        if (cycles < 1) {
            throw new IllegalArgumentException("--cycles must be at least 1, got " + cycles);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("--concurrency must be 1 to 256, got " + concurrency);
        }
        if (minLoad.isNegative() || minLoad.isZero() || maxLoad.compareTo(minLoad) < 0) {
            throw new IllegalArgumentException("--load needs 0 < MIN <= MAX, got " + minLoad.toMillis() + "ms,"
                    + maxLoad.toMillis() + "ms");
        }
    }

    /** The options {@code args} give, defaults for the rest. */
    public static CrashOptions parse(List<String> args, Path defaultWorkDir) {
        int cycles = DEFAULT_CYCLES;
        int concurrency = DEFAULT_CONCURRENCY;
        Duration min = DEFAULT_MIN_LOAD;
        Duration max = DEFAULT_MAX_LOAD;
        Duration commit = DEFAULT_COMMIT_INTERVAL;
        long seed = DEFAULT_SEED;
        Path work = defaultWorkDir;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            switch (option) {
                case "--cycles" -> cycles = integer(option, value);
                case "--concurrency" -> concurrency = integer(option, value);
                case "--load" -> {
                    String[] both = value.split(",");
                    if (both.length != 2) {
                        throw new IllegalArgumentException("--load takes MIN,MAX in seconds, got '" + value + "'");
                    }
                    min = Duration.ofMillis(Math.round(1000 * number(option, both[0])));
                    max = Duration.ofMillis(Math.round(1000 * number(option, both[1])));
                }
                case "--commit-interval" -> commit = duration(option, value);
                case "--seed" -> seed = integer(option, value);
                case "--work-dir" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
            }
            i++;
        }
        return new CrashOptions(cycles, concurrency, min, max, commit, DEFAULT_MOCK_LATENCY, seed, work);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, got '" + value + "'");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes numbers, got '" + value + "'");
        }
    }

    private static Duration duration(String option, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(1000 * Double.parseDouble(value.substring(0, value.length() - 1))));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " takes a duration such as 5s or 200ms, got '" + value + "'");
    }
}
