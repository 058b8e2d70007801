package dev.reprise.bench.guardrails.pii;

import dev.reprise.gateway.guardrails.PiiFinding;
import dev.reprise.gateway.guardrails.PiiType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Recall and precision of the PII detector over judged texts. A planted value is <b>found</b> when a finding of its
 * type covers it whole (redacting it would hide all of it); <b>exact</b> when the finding's span is the value's. A
 * finding is <b>right</b> when it overlaps a planted value of its type; every other finding is false: another type
 * on a planted value, anything on a look-alike, anything in a real question. Findings in a planted text away from
 * the value belong to its host question, which is counted once, as a real question.
 */
final class PiiTally {

    /** One text and what the detector said about it. */
    record Judged(PiiSample sample, boolean found, boolean exact, List<PiiFinding> right, List<PiiFinding> wrong) {
    }

    private PiiTally() {
    }

    static Judged judge(PiiSample s, List<PiiFinding> findings) {
        List<PiiFinding> right = new ArrayList<>();
        List<PiiFinding> wrong = new ArrayList<>();
        boolean found = false;
        boolean exact = false;
        for (PiiFinding f : findings) {
            boolean onValue = s.source() == PiiSample.Source.REAL || (f.start() < s.end() && s.start() < f.end());
            if (!onValue) {
                continue;
            }
            if (s.source() == PiiSample.Source.PLANTED && f.type() == s.type()) {
                right.add(f);
                found |= f.start() <= s.start() && f.end() >= s.end();
                exact |= f.start() == s.start() && f.end() == s.end();
            } else {
                wrong.add(f);
            }
        }
        return new Judged(s, found, exact, right, wrong);
    }

    static String typeTable(List<Judged> rows) {
        StringBuilder out = new StringBuilder("| type | values (listed layouts) | found | recall"
                + " | values (other layouts) | found | recall | findings | precision | false on look-alikes"
                + " | false on real questions | wrong type on a value |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PiiType type : PiiType.values()) {
            out.append(typeLine(rows, type.configName(), t -> t == type));
        }
        out.append(typeLine(rows, "all", t -> true));
        return out.toString();
    }

    private static String typeLine(List<Judged> rows, String name, Predicate<PiiType> type) {
        List<Judged> planted = rows.stream().filter(j -> j.sample().source() == PiiSample.Source.PLANTED
                && type.test(j.sample().type())).toList();
        long listed = planted.stream().filter(j -> j.sample().listed()).count();
        long listedFound = planted.stream().filter(j -> j.sample().listed() && j.found()).count();
        long other = planted.size() - listed;
        long otherFound = planted.stream().filter(j -> !j.sample().listed() && j.found()).count();
        long right = rows.stream().flatMap(j -> j.right().stream()).filter(f -> type.test(f.type())).count();
        long onLookAlikes = wrong(rows, PiiSample.Source.LOOK_ALIKE, type);
        long onReal = wrong(rows, PiiSample.Source.REAL, type);
        long wrongType = wrong(rows, PiiSample.Source.PLANTED, type);
        long findings = right + onLookAlikes + onReal + wrongType;
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %s | %d | %s | %d | %d | %d |%n", name,
                listed, listedFound, ratio(listedFound, listed), other, otherFound, ratio(otherFound, other), findings,
                ratio(right, findings), onLookAlikes, onReal, wrongType);
    }

    private static long wrong(List<Judged> rows, PiiSample.Source source, Predicate<PiiType> type) {
        return rows.stream().filter(j -> j.sample().source() == source).flatMap(j -> j.wrong().stream())
                .filter(f -> type.test(f.type())).count();
    }

    static String formatTable(List<Judged> rows) {
        StringBuilder out = new StringBuilder(
                "| format | listed | values | found | exact span | recall |\n|---|---|---:|---:|---:|---:|\n");
        Map<String, List<Judged>> byFormat = new LinkedHashMap<>();
        rows.stream().filter(j -> j.sample().source() == PiiSample.Source.PLANTED)
                .forEach(j -> byFormat.computeIfAbsent(j.sample().format(), k -> new ArrayList<>()).add(j));
        byFormat.forEach((format, list) -> {
            long found = list.stream().filter(Judged::found).count();
            long exact = list.stream().filter(Judged::exact).count();
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s |%n", format,
                    list.getFirst().sample().listed() ? "yes" : "no", list.size(), found, exact,
                    ratio(found, list.size())));
        });
        return out.toString();
    }

    static String lookAlikeTable(List<Judged> rows) {
        StringBuilder out = new StringBuilder("| look-alike | texts | flagged | as |\n|---|---:|---:|---|\n");
        Map<String, List<Judged>> byFormat = new LinkedHashMap<>();
        rows.stream().filter(j -> j.sample().source() == PiiSample.Source.LOOK_ALIKE)
                .forEach(j -> byFormat.computeIfAbsent(j.sample().format(), k -> new ArrayList<>()).add(j));
        byFormat.forEach((format, list) -> out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s |%n", format,
                list.size(), list.stream().filter(j -> !j.wrong().isEmpty()).count(), types(list))));
        return out.toString();
    }

    /** The real questions' findings, all false positives unless a reviewer says otherwise, per 1,000 questions. */
    static String realLine(List<Judged> rows) {
        List<Judged> real = rows.stream().filter(j -> j.sample().source() == PiiSample.Source.REAL).toList();
        long findings = real.stream().mapToLong(j -> j.wrong().size()).sum();
        long texts = real.stream().filter(j -> !j.wrong().isEmpty()).count();
        String per = real.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", 1000.0 * findings / real.size());
        return String.format(Locale.ROOT, "Real support questions: %d, with findings: %d, findings: %d (%s per 1,000"
                + " questions)%s%n", real.size(), texts, findings, per, findings == 0 ? "" : ": " + types(real));
    }

    private static String types(List<Judged> rows) {
        Map<String, Long> counts = new TreeMap<>(rows.stream().flatMap(j -> j.wrong().stream())
                .collect(Collectors.groupingBy(f -> f.type().configName(), Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Missed planted values, findings wider than their value, and false findings, one line each, for review. */
    static List<String> errors(List<Judged> rows) {
        List<String> lines = new ArrayList<>();
        for (Judged j : rows) {
            PiiSample s = j.sample();
            if (s.source() == PiiSample.Source.PLANTED && !j.found()) {
                lines.add("- MISSED " + s.format() + " `" + s.value() + "` " + spans(s.text(), j.right()) + "| "
                        + s.text());
            } else if (j.found() && !j.exact()) {
                lines.add("- WIDER " + s.format() + " `" + s.value() + "` " + spans(s.text(), j.right()) + "| "
                        + s.text());
            }
            for (PiiFinding f : j.wrong()) {
                lines.add("- FALSE " + f.type().configName() + " `" + s.text().substring(f.start(), f.end()) + "` ("
                        + (s.source() == PiiSample.Source.REAL ? s.id() : s.format()) + ") | " + s.text());
            }
        }
        return lines;
    }

    private static String spans(String text, List<PiiFinding> partial) {
        return partial.isEmpty() ? "" : "(found: " + partial.stream().map(f -> "`" + text.substring(f.start(),
                f.end()) + "`").collect(Collectors.joining(", ")) + ") ";
    }

    static String ratio(long a, long b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) a / b);
    }
}
