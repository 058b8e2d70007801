package dev.reprise.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The fault run's command line.
 *
 * @param root        the repository root (where gateway/ and bench/ are)
 * @param requests    plain requests, and as many streamed ones, per configuration
 * @param concurrency requests in flight at once
 * @param timeout     the primary's and the fallback's {@code timeout} (and so their first-byte timeout)
 * @param mix         the primary's faults; the fallback is healthy
 * @param configs     which gateway configurations to run: {@code defaults} and/or {@code breaker-off}
 * @param out         where the Markdown report goes
 * @param gatewayJar  the gateway to run (another build's, to compare)
 */
public record FaultOptions(Path root, int requests, int concurrency, Duration timeout, FaultMix mix,
                           List<String> configs, Path out, Path gatewayJar) {

    static final String USAGE = "usage: FaultRun [--requests N] [--concurrency C] [--timeout 2s] [--seed S]"
            + " [--500s 0.30] [--hangs 0.05] [--cuts 0.05] [--stalls 0] [--drips 0] [--configs defaults,breaker-off] [--root DIR] [--out DIR]"
            + " [--gateway-jar JAR]";
    static final List<String> KNOWN_CONFIGS = List.of("defaults", "breaker-off");

    public FaultOptions {
        if (requests < 1 || concurrency < 1 || timeout.toMillis() < 100) {
            throw new IllegalArgumentException("requests and concurrency must be >= 1, timeout >= 100ms; " + USAGE);
        }
        if (configs.isEmpty() || !KNOWN_CONFIGS.containsAll(configs)) {
            throw new IllegalArgumentException("configs must be some of " + KNOWN_CONFIGS + ", got " + configs);
        }
    }

    /** Parses the arguments; unknown ones are an error that shows the usage. */
    public static FaultOptions parse(String... args) {
        Path root = Path.of(".").toAbsolutePath().normalize();
        int requests = 200;
        int concurrency = 16;
        Duration timeout = Duration.ofSeconds(2);
        long seed = 19;
        double errors = FaultMix.DEFAULT_SERVER_ERRORS;
        double hangs = FaultMix.DEFAULT_HANGS;
        double cuts = FaultMix.DEFAULT_CUTS;
        double stalls = FaultMix.DEFAULT_STALLS;
        double drips = FaultMix.DEFAULT_DRIPS;
        List<String> configs = KNOWN_CONFIGS;
        Path out = null;
        Path jar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--requests" -> requests = Integer.parseInt(value(args, ++i));
                case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i));
                case "--timeout" -> timeout = duration(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--500s" -> errors = Double.parseDouble(value(args, ++i));
                case "--hangs" -> hangs = Double.parseDouble(value(args, ++i));
                case "--cuts" -> cuts = Double.parseDouble(value(args, ++i));
                case "--stalls" -> stalls = Double.parseDouble(value(args, ++i));
                case "--drips" -> drips = Double.parseDouble(value(args, ++i));
                case "--configs" -> configs = Arrays.stream(value(args, ++i).split(",")).map(String::trim).toList();
                case "--root" -> root = Path.of(value(args, ++i)).toAbsolutePath().normalize();
                case "--out" -> out = Path.of(value(args, ++i)).toAbsolutePath().normalize();
                case "--gateway-jar" -> jar = Path.of(value(args, ++i)).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; " + USAGE);
            }
        }
        return new FaultOptions(root, requests, concurrency, timeout, new FaultMix(errors, hangs, cuts, stalls, drips, seed), configs,
                out == null ? root.resolve("bench").resolve("results") : out,
                jar == null ? root.resolve("gateway/target/reprise-gateway.jar") : jar);
    }

    /** Scratch space for configs, data dirs and logs. */
    public Path workDir() {
        return root.resolve("bench").resolve("target").resolve("faults");
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        throw new IllegalArgumentException("a duration is like 2s or 500ms, got " + text);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
