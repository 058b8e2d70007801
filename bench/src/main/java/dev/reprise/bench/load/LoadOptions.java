package dev.reprise.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The load run's command line. {@code --quick} is the 1-2 minute smoke run (1 round, 3 s cells); the default is
 * 2 rounds of 8 s cells at concurrency 1, 8 and 64 (about 10 minutes).
 *
 * @param root        the repository root (where gateway/ and bench/ are)
 * @param rounds      how often every cell runs
 * @param cell        how long each cell drives load
 * @param warmup      load per scenario before measuring, so every JIT and pool is warm
 * @param concurrency the wrk connection counts
 * @param portkey     whether to start and measure Portkey
 * @param out         where the Markdown and JSON reports go
 * @param scenarios   the scenario names to drive, or empty for all of them
 * @param fill        entries to put in the cache before the gateway starts (a prebuilt index, copied), or 0
 * @param gatewayJvm  the gateway's heap and collector flags, or null for {@link GatewayJvm#DEFAULT_FLAGS}
 *                    (the launcher's); an empty list runs on the JVM's own defaults
 * @param paceMs      how long each connection waits after an answer before its next request (wrk's {@code delay}
 *                    hook; not counted in the latency), or 0 for back to back: with a pace the load stays below
 *                    saturation, so the latency is the server's and not the queue a closed loop builds
 */
public record LoadOptions(Path root, int rounds, Duration cell, Duration warmup, List<Integer> concurrency,
                          boolean portkey, Path out, List<String> scenarios, int fill, List<String> gatewayJvm,
                          int paceMs) {

    static final String USAGE = "usage: LoadRun [--quick] [--rounds N] [--seconds S] [--concurrency 1,8,64]"
            + " [--no-portkey] [--scenarios a,b] [--fill N] [--gateway-jvm 'FLAGS'] [--pace-ms N]"
            + " [--warmup S] [--root DIR] [--out DIR]";

    public LoadOptions {
        if (rounds < 1 || cell.toSeconds() < 1 || warmup.toSeconds() < 1 || concurrency.isEmpty()) {
            throw new IllegalArgumentException("rounds, seconds and warmup must be >= 1 and concurrency non-empty; "
                    + USAGE);
        }
        if (fill < 0 || paceMs < 0) {
            throw new IllegalArgumentException("--fill and --pace-ms must be >= 0, got " + fill + " and " + paceMs
                    + "; " + USAGE);
        }
        scenarios = List.copyOf(scenarios);
        gatewayJvm = gatewayJvm == null ? GatewayJvm.DEFAULT_FLAGS : List.copyOf(gatewayJvm);
    }

    /** Parses the arguments; unknown ones are an error that shows the usage. */
    public static LoadOptions parse(String... args) {
        Path root = Path.of(".").toAbsolutePath().normalize();
        int rounds = 2;
        int seconds = 8;
        int warmup = 4;
        List<Integer> concurrency = List.of(1, 8, 64);
        boolean portkey = true;
        Path out = null;
        List<String> scenarios = List.of();
        int fill = 0;
        List<String> gatewayJvm = null;
        int paceMs = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    rounds = 1;
                    seconds = 3;
                    warmup = 2;
                }
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--seconds" -> seconds = Integer.parseInt(value(args, ++i));
                case "--concurrency" -> concurrency = Arrays.stream(value(args, ++i).split(","))
                        .map(String::trim).map(Integer::parseInt).toList();
                case "--no-portkey" -> portkey = false;
                case "--scenarios" -> scenarios = Arrays.stream(value(args, ++i).split(","))
                        .map(String::trim).filter(x -> !x.isEmpty()).toList();
                case "--fill" -> fill = Integer.parseInt(value(args, ++i));
                case "--gateway-jvm" -> gatewayJvm = Arrays.stream(value(args, ++i).trim().split("\\s+"))
                        .filter(x -> !x.isEmpty()).toList();
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                case "--pace-ms" -> paceMs = Integer.parseInt(value(args, ++i));
                case "--root" -> root = Path.of(value(args, ++i)).toAbsolutePath().normalize();
                case "--out" -> out = Path.of(value(args, ++i)).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; " + USAGE);
            }
        }
        return new LoadOptions(root, rounds, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), concurrency,
                portkey, out == null ? root.resolve("bench").resolve("results") : out, scenarios, fill, gatewayJvm,
                paceMs);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
        }
        return args[i];
    }

    /** Scratch space for configs, bodies and logs. */
    public Path workDir() {
        return root.resolve("bench").resolve("target").resolve("load");
    }
}
