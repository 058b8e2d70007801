package dev.reprise.bench.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** One configuration's figures from its outcomes, as a Markdown section. */
public final class FaultReport {

    private final String config;
    private final String settings;
    private final FaultOptions options;
    private final List<Outcome> outcomes;
    private final Map<FaultMix.Fault, Integer> primaryCalls;
    private final int fallbackCalls;
    private final double wallSeconds;

    public FaultReport(String config, String settings, FaultOptions options, List<Outcome> outcomes,
                       Map<FaultMix.Fault, Integer> primaryCalls, int fallbackCalls, double wallSeconds) {
        this.config = config;
        this.settings = settings;
        this.options = options;
        this.outcomes = List.copyOf(outcomes);
        this.primaryCalls = new EnumMap<>(primaryCalls);
        this.fallbackCalls = fallbackCalls;
        this.wallSeconds = wallSeconds;
    }

    /** True when every target holds: all plain requests succeed, no stream broke or hung, hangs stay bounded. */
    public boolean targetsMet() {
        return count(o -> !o.stream() && !o.plainOk()) == 0
                && count(o -> o.stream() && (o.hung() || o.ending(SseTranscript.Ending.BROKEN))) == 0
                && maxMillis(o -> o.hangsMet() == 1) <= hangBound();
    }

    /** The most one hang may cost: the timeout, plus the slowest answer among requests that met no hang. */
    double hangBound() {
        return options.timeout().toMillis() + maxMillis(o -> o.hangsMet() == 0);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        long plain = count(o -> !o.stream());
        long streams = count(Outcome::stream);
        md.append("#### ").append(config).append("\n\n").append(settings).append("\n\n");
        md.append(String.format("Primary calls: %d (%s); fallback calls: %d; %.1f s wall.%n%n",
                primaryCalls.values().stream().mapToInt(Integer::intValue).sum(), primaryCalls.entrySet().stream()
                        .map(e -> e.getValue() + " " + name(e.getKey())).collect(Collectors.joining(", ")),
                fallbackCalls, wallSeconds));
        md.append("| | plain | streamed |\n|---|---|---|\n");
        md.append(row("requests", plain, streams));
        md.append(row("200 with the whole answer / completed stream", count(Outcome::plainOk),
                count(o -> o.ending(SseTranscript.Ending.COMPLETED))));
        md.append(row("served by the fallback (`x-reprise-fallback`)", count(o -> !o.stream() && o.fallback() != null),
                count(o -> o.stream() && o.fallback() != null)));
        md.append(row("stream ended with a clean error event after its first token", "-",
                count(o -> o.ending(SseTranscript.Ending.ERROR_AFTER_START))));
        md.append(row("stream ended with an error event before any token", "-",
                count(o -> o.ending(SseTranscript.Ending.ERROR_BEFORE_START))));
        md.append(row("failed with a status (plain: any non-200; stream: refused before it started)",
                count(o -> !o.stream() && !o.hung() && !o.plainOk()),
                count(o -> o.stream() && !o.hung() && o.status() != 200)));
        md.append(row("broken stream (bad frame, no [DONE], wrong text)", "-",
                count(o -> o.ending(SseTranscript.Ending.BROKEN))));
        md.append(row("hung (no end within 60 s)", count(o -> !o.stream() && o.hung()),
                count(o -> o.stream() && o.hung())));
        md.append(row("met a cut on the primary", count(o -> !o.stream() && o.primaryFaults().contains(FaultMix.Fault.CUT)),
                count(o -> o.stream() && o.primaryFaults().contains(FaultMix.Fault.CUT))));
        md.append(row("met a stall on the primary", "-",
                count(o -> o.stream() && o.primaryFaults().contains(FaultMix.Fault.STALL))));
        md.append(row("met a drip on the primary", count(o -> !o.stream() && o.primaryFaults().contains(FaultMix.Fault.DRIP)),
                count(o -> o.stream() && o.primaryFaults().contains(FaultMix.Fault.DRIP))));
        md.append(row("met one hang or drip on the primary / two or more", count(o -> !o.stream() && o.hangsMet() == 1) + " / "
                + count(o -> !o.stream() && o.hangsMet() > 1), count(o -> o.stream() && o.hangsMet() == 1) + " / "
                + count(o -> o.stream() && o.hangsMet() > 1)));
        md.append(row("latency p50 / p99 / max (ms), all", latency(o -> !o.stream()), latency(Outcome::stream)));
        md.append(row("latency p50 / p99 / max (ms), met no hang or drip", latency(o -> !o.stream() && o.hangsMet() == 0),
                latency(o -> o.stream() && o.hangsMet() == 0)));
        md.append(row("latency p50 / p99 / max (ms), met one hang or drip", latency(o -> !o.stream() && o.hangsMet() == 1),
                latency(o -> o.stream() && o.hangsMet() == 1)));
        md.append(row("latency max (ms), met two or more hangs or drips", fmt(maxMillis(o -> !o.stream() && o.hangsMet() > 1)),
                fmt(maxMillis(o -> o.stream() && o.hangsMet() > 1))));
        md.append(String.format("%nA hang's bound: timeout %d ms + the slowest request that met no hang or drip = %.0f "
                + "ms; the slowest request that met one took %.0f ms. Targets %s.%n",
                options.timeout().toMillis(), hangBound(), maxMillis(o -> o.hangsMet() == 1),
                targetsMet() ? "met" : "NOT met"));
        Map<String, Long> errors = outcomes.stream()
                .filter(o -> o.ending(SseTranscript.Ending.ERROR_AFTER_START)
                        || o.ending(SseTranscript.Ending.ERROR_BEFORE_START))
                .collect(Collectors.groupingBy(o -> o.verdict().detail(), java.util.TreeMap::new, Collectors.counting()));
        if (!errors.isEmpty()) {
            md.append("\nError events the streams ended with:\n");
            errors.forEach((text, n) -> md.append("- ").append(n).append(" x `").append(text).append("`\n"));
        }
        List<String> odd = new ArrayList<>();
        for (Outcome o : outcomes) {
            boolean bad = o.stream() ? o.hung() || o.status() != 200 || o.ending(SseTranscript.Ending.BROKEN)
                    || o.ending(SseTranscript.Ending.ERROR_BEFORE_START) : !o.plainOk();
            if (bad && odd.size() < 8) {
                odd.add(String.format("- %s, status %d, %.0f ms, primary met %s: %s", o.stream() ? "stream" : "plain",
                        o.status(), o.millis(), o.primaryFaults(), o.hung() ? "hung" : o.verdict() != null
                                && !o.verdict().detail().isEmpty() ? o.verdict().detail() : o.detail()));
            }
        }
        if (!odd.isEmpty()) {
            md.append("\nThe first requests that missed a target:\n").append(String.join("\n", odd)).append('\n');
        }
        return md.toString();
    }

    private long count(Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }

    private double maxMillis(Predicate<Outcome> which) {
        return outcomes.stream().filter(which).mapToDouble(Outcome::millis).max().orElse(0);
    }

    private String latency(Predicate<Outcome> which) {
        double[] ms = outcomes.stream().filter(which).mapToDouble(Outcome::millis).sorted().toArray();
        if (ms.length == 0) {
            return "-";
        }
        return fmt(rank(ms, 0.50)) + " / " + fmt(rank(ms, 0.99)) + " / " + fmt(ms[ms.length - 1]);
    }

    /** Nearest rank. */
    private static double rank(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String fmt(double ms) {
        return ms == 0 ? "-" : String.format("%.0f", ms);
    }

    private static String row(String what, Object plain, Object streamed) {
        return "| " + what + " | " + plain + " | " + streamed + " |\n";
    }

    private static String name(FaultMix.Fault f) {
        return switch (f) {
            case NONE -> "answered";
            case SERVER_ERROR -> "500s";
            case HANG -> "hangs";
            case CUT -> "cut streams";
            case STALL -> "stalled streams";
            case DRIP -> "drips";
        };
    }
}
