package dev.reprise.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Renders a {@link LoadReport} as the one Markdown table the run prints, and as JSON for tools. */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** The Markdown report: header with date and cores, the table, processes, cache checks, targets and notes. */
    public static String markdown(LoadReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Reprise load run, ").append(report.date()).append("\n\n");
        md.append(String.format(Locale.ROOT, "This machine has %d cores, shared by the load generator (wrk), the "
                        + "gateway under test and the fake upstream: absolute numbers are low and noisy; compare rows. "
                        + "%d round(s) of %d s per cell, scenarios interleaved (A B A B); figures are medians over "
                        + "rounds, RPS range in brackets.%n%n",
                report.cores(), report.rounds(), report.cellSeconds()));
        md.append("| scenario | c | RPS [min-max] | p50 ms | p99 ms | added p50 vs direct ms "
                + "| CPU ms/req gateway | CPU ms/req upstream | CPU ms/req wrk | errors | x-reprise-cache |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LoadReport.Row r : report.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f [%.0f-%.0f] | %.3f | %.3f | %s | %s | %.3f | %.3f | %d | %s |%n",
                    r.scenario(), r.concurrency(), r.rps(), r.rpsMin(), r.rpsMax(), r.p50Ms(), r.p99Ms(),
                    r.addedP50Ms() == null ? "-" : String.format(Locale.ROOT, "%+.3f", r.addedP50Ms()),
                    Double.isNaN(r.gatewayCpuMsPerRequest()) ? "-"
                            : String.format(Locale.ROOT, "%.3f", r.gatewayCpuMsPerRequest()),
                    r.upstreamCpuMsPerRequest(), r.loadGeneratorCpuMsPerRequest(), r.errors(), r.cache()));
        }
        md.append("\n| process | start to first answer ms | RSS at rest MiB | RSS under load MiB | peak RSS MiB |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (LoadReport.ProcessFacts p : report.processes()) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.1f |%n", p.name(),
                    p.startToFirstAnswerMs(), p.rssAtRestMiB(), p.rssUnderLoadMiB(), p.peakRssMiB()));
        }
        md.append("\nTargets (one run):\n\n");
        for (LoadReport.Target t : report.targets()) {
            md.append("- ").append(t.name()).append(": ").append(t.measured()).append(" -> ")
                    .append(t.met() == null ? "not measured" : t.met() ? "MET" : "MISSED").append('\n');
        }
        if (!report.notes().isEmpty()) {
            md.append("\nNotes:\n\n");
            report.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** The report as JSON: the raw cells, the summary rows and the targets. */
    public static String json(LoadReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("date", report.date());
        root.put("cores", report.cores());
        root.put("rounds", report.rounds());
        root.put("cellSeconds", report.cellSeconds());
        root.put("sharedMachine", "wrk, the gateway under test and the fake upstream share the same "
                + report.cores() + " cores");
        root.set("rows", JSON.valueToTree(report.rows()));
        root.set("targets", JSON.valueToTree(report.targets()));
        root.set("processes", JSON.valueToTree(report.processes()));
        root.set("cacheChecks", JSON.valueToTree(report.cacheChecks()));
        root.set("cells", JSON.valueToTree(report.cells()));
        root.set("notes", JSON.valueToTree(report.notes()));
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code <stem>.md} and {@code <stem>.json} into {@code dir}; returns the Markdown path. */
    public static Path write(LoadReport report, Path dir, String stem) {
        try {
            Files.createDirectories(dir);
            Path md = dir.resolve(stem + ".md");
            Files.writeString(md, markdown(report));
            Files.writeString(dir.resolve(stem + ".json"), json(report));
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load report to " + dir, e);
        }
    }
}
