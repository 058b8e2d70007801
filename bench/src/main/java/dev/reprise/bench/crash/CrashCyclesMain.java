package dev.reprise.bench.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./reprise bench crash}: cycles of start, store under load, {@code kill -9} and restart against a real child
 * gateway with the mock model; prints committed entries lost, failed restarts and index errors (bench/README.md).
 * Exits 1 when any of the three is not zero, 2 on a bad option.
 */
public final class CrashCyclesMain {

    private CrashCyclesMain() {
    }

    public static void main(String[] args) throws Exception {
        CrashOptions options;
        try {
            if (List.of(args).contains("--help")) {
                System.out.print(CrashOptions.USAGE);
                return;
            }
            options = CrashOptions.parse(List.of(args), null);
        } catch (IllegalArgumentException e) {
            System.err.println("reprise bench crash: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.workDir() == null) {
            options = new CrashOptions(options.cycles(), options.concurrency(), options.minLoad(), options.maxLoad(),
                    options.commitInterval(), options.mockLatency(), options.seed(),
                    Files.createTempDirectory("reprise-crash"));
        } else if (Files.exists(options.workDir().resolve("data"))) {
            System.err.println("reprise bench crash: " + options.workDir() + " already holds a data dir; give a new"
                    + " --work-dir");
            System.exit(2);
        }
        Path work = options.workDir();
        System.out.printf("reprise bench crash: %d cycles, %d clients, %d-%d ms of load, commit interval %d ms; "
                        + "work dir %s%n", options.cycles(), options.concurrency(), options.minLoad().toMillis(),
                options.maxLoad().toMillis(), options.commitInterval().toMillis(), work);
        CrashFigures figures = new CrashCycles(options, System.out).run();
        System.out.println();
        System.out.print(figures.table());
        figures.problems().forEach(p -> System.out.println("problem: " + p));
        System.exit(figures.clean() ? 0 : 1);
    }
}
