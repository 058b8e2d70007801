package dev.reprise.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything one load run measured, and the summary the table prints: per scenario and concurrency the median over
 * rounds (with the RPS range, to show the noise), latency added versus the direct baseline, and the targets.
 *
 * @param date        ISO date and time of the run
 * @param cores       processors the OS reports; wrk, the gateway and the upstream all share them
 * @param rounds      how often every cell ran
 * @param cellSeconds the duration of each cell
 * @param cells       every measured cell, in run order
 * @param processes   memory and start-up facts per process
 * @param cacheChecks per scenario, the {@code x-reprise-cache} values its probe requests got, e.g. {@code hit-semantic x8}
 * @param notes       free-form lines printed under the table (versions, warnings)
 */
public record LoadReport(String date, int cores, int rounds, int cellSeconds, List<CellResult> cells,
                         List<ProcessFacts> processes, Map<String, String> cacheChecks, List<String> notes) {

    /**
     * Memory and start-up of one process.
     *
     * @param startToFirstAnswerMs from spawning the process to its first answered chat request
     * @param rssUnderLoadMiB      the largest RSS sampled at the end of a cell
     * @param peakRssMiB           the kernel's high-water mark (VmHWM) at the end of the run
     */
    public record ProcessFacts(String name, double startToFirstAnswerMs, double rssAtRestMiB, double rssUnderLoadMiB,
                               double peakRssMiB) {
    }

    /** One line of the table: medians over the rounds of one scenario at one concurrency. */
    public record Row(String scenario, int concurrency, double rps, double rpsMin, double rpsMax, double p50Ms,
                      double p99Ms, Double addedP50Ms, double gatewayCpuMsPerRequest, double upstreamCpuMsPerRequest,
                      double loadGeneratorCpuMsPerRequest, long errors, String cache) {
    }

    /** One of the targets and whether this run met it. */
    public record Target(String name, String measured, Boolean met) {
    }

    /** The summary rows, ordered by concurrency, then by the scenario order of the run. */
    public List<Row> rows() {
        List<String> order = cells.stream().map(CellResult::scenario).distinct().toList();
        Map<String, List<CellResult>> groups = cells.stream().collect(Collectors.groupingBy(
                c -> c.concurrency() + "|" + c.scenario(), LinkedHashMap::new, Collectors.toList()));
        List<Row> rows = new ArrayList<>();
        for (List<CellResult> group : groups.values()) {
            CellResult first = group.getFirst();
            rows.add(new Row(first.scenario(), first.concurrency(),
                    median(group.stream().mapToDouble(CellResult::rps).toArray()),
                    group.stream().mapToDouble(CellResult::rps).min().orElse(0),
                    group.stream().mapToDouble(CellResult::rps).max().orElse(0),
                    median(group.stream().mapToDouble(CellResult::p50Ms).toArray()),
                    median(group.stream().mapToDouble(CellResult::p99Ms).toArray()),
                    null,
                    1000 * median(group.stream().mapToDouble(CellResult::gatewayCpuPerRequest).toArray()),
                    1000 * median(group.stream().mapToDouble(CellResult::upstreamCpuPerRequest).toArray()),
                    1000 * median(group.stream().mapToDouble(CellResult::loadGeneratorCpuPerRequest).toArray()),
                    group.stream().mapToLong(CellResult::errors).sum(),
                    cacheChecks.getOrDefault(first.scenario(), "")));
        }
        List<Row> withAdded = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String baseline = baselineOf(r.scenario());
            Double added = baseline == null ? null : rows.stream()
                    .filter(b -> b.scenario().equals(baseline) && b.concurrency() == r.concurrency())
                    .findFirst().map(b -> r.p50Ms() - b.p50Ms()).orElse(null);
            withAdded.add(new Row(r.scenario(), r.concurrency(), r.rps(), r.rpsMin(), r.rpsMax(), r.p50Ms(), r.p99Ms(),
                    added, r.gatewayCpuMsPerRequest(), r.upstreamCpuMsPerRequest(), r.loadGeneratorCpuMsPerRequest(),
                    r.errors(), r.cache()));
        }
        withAdded.sort(Comparator.comparingInt(Row::concurrency).thenComparingInt(r -> order.indexOf(r.scenario())));
        return withAdded;
    }

    /** The load-run targets of the issue, judged on this run's medians. */
    public List<Target> targets() {
        List<Row> rows = rows();
        List<Target> out = new ArrayList<>();
        int lowest = rows.stream().mapToInt(Row::concurrency).min().orElse(1);
        int highest = rows.stream().mapToInt(Row::concurrency).max().orElse(64);
        Optional<Row> reprise1 = find(rows, "reprise-pass", lowest);
        Optional<Row> portkey1 = find(rows, "portkey-pass", lowest);
        if (reprise1.isPresent() && portkey1.isPresent() && reprise1.get().addedP50Ms() != null
                && portkey1.get().addedP50Ms() != null) {
            double r = reprise1.get().addedP50Ms();
            double p = portkey1.get().addedP50Ms();
            out.add(new Target("pass-through latency added at c=" + lowest + " <= 1/5 of Portkey's",
                    String.format("Reprise %+.3f ms, Portkey %+.3f ms (ratio %s)", r, p,
                            p > 0 ? String.format("%.2f", r / p) : "n/a"), r <= p / 5));
        } else {
            out.add(new Target("pass-through latency added at c=" + lowest + " <= 1/5 of Portkey's", "not measured",
                    null));
        }
        Optional<Row> reprise64 = find(rows, "reprise-pass", highest);
        Optional<Row> portkey64 = find(rows, "portkey-pass", highest);
        if (reprise64.isPresent() && portkey64.isPresent()) {
            double ratio = reprise64.get().rps() / portkey64.get().rps();
            out.add(new Target("pass-through RPS at c=" + highest + " >= 3x Portkey's",
                    String.format("Reprise %.0f, Portkey %.0f (%.2fx)", reprise64.get().rps(), portkey64.get().rps(),
                            ratio), ratio >= 3));
        } else {
            out.add(new Target("pass-through RPS at c=" + highest + " >= 3x Portkey's", "not measured", null));
        }
        return out;
    }

    private static Optional<Row> find(List<Row> rows, String scenario, int concurrency) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.concurrency() == concurrency).findFirst();
    }

    private static String baselineOf(String scenario) {
        if (scenario.startsWith("direct")) {
            return null;
        }
        return scenario.endsWith("-stream") ? "direct-stream" : "direct";
    }

    static double median(double[] values) {
        double[] v = java.util.Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
