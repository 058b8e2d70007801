package dev.reprise.bench.hostile;

import dev.reprise.bench.load.ProcStats;
import dev.reprise.testing.hostile.ReplayTally;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The markdown report of one hostile run, and whether it passed: no 5xx, no malformed error, healthy after. */
record HostileReport(HostileOptions options, String argLine, ReplayTally tally, Duration took, int warmUpStatus,
                     Memory before, After after) {

    /** A process's resident memory now and at its peak, in MiB. */
    record Memory(double rssMiB, double peakMiB) {
        static Memory of(long pid) {
            return new Memory(ProcStats.rssMiB(pid), ProcStats.peakRssMiB(pid));
        }
    }

    /** What the gateway looked like after the replay; {@code severe} is -1 when its log is not ours to read. */
    record After(int healthStatus, int chatStatus, Memory memory, long severe, boolean alive) {
    }

    boolean passed() {
        return tally.problemCount() == 0 && tally.count("5xx") == 0 && after.healthStatus() == 200
                && after.chatStatus() == 200 && after.severe() <= 0;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Hostile input: ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 16)).append("\n\n");
        md.append("`./reprise bench hostile").append(argLine.isBlank() ? "" : " " + argLine).append("`: ")
                .append(tally.total()).append(" requests, seed ").append(options.seed()).append(", concurrency ")
                .append(options.concurrency()).append(", body limit ").append(options.maxBody()).append(" bytes, ")
                .append(options.url() == null ? "a gateway started for the run (keys with limits, alias limits, "
                        + "PII redact + restore, injection flag, cache, ledger, admin API)" : options.url())
                .append("; took ").append(took.toSeconds()).append(" s.\n\n");
        md.append("| status class | requests |\n|---|---:|\n");
        tally.byClass().forEach((cls, n) -> md.append("| ").append(cls).append(" | ").append(n).append(" |\n"));
        md.append("\n| family | answers |\n|---|---|\n");
        tally.byFamily().forEach((family, counts) -> md.append("| ").append(family).append(" | ")
                .append(counts(counts)).append(" |\n"));
        md.append("\nProblems (a 5xx, an error that is not OpenAI's envelope, a stack trace): ")
                .append(tally.problemCount()).append('\n');
        tally.problems().forEach(p -> md.append("- ").append(p.toString().replace("|", "\\|")).append('\n'));
        md.append("\nAfter the replay: `GET /health` ").append(after.healthStatus()).append(", a plain chat request ")
                .append(after.chatStatus()).append(" (before: ").append(warmUpStatus).append(")");
        if (after.severe() >= 0) {
            md.append(", unexpected failures logged (SEVERE): ").append(after.severe())
                    .append(", process alive: ").append(after.alive());
        }
        md.append(".\n");
        if (before != null && after.memory() != null) {
            md.append(String.format("%nGateway RSS: %.0f MiB before (after one request), %.0f MiB after, peak %.0f MiB "
                    + "(VmHWM).%n", before.rssMiB(), after.memory().rssMiB(), after.memory().peakMiB()));
        }
        md.append("\nResult: ").append(passed() ? "PASS" : "FAIL").append('\n');
        return md.toString();
    }

    private static String counts(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder();
        counts.forEach((cls, n) -> out.append(out.isEmpty() ? "" : ", ").append(cls).append(": ").append(n));
        return out.toString();
    }
}
