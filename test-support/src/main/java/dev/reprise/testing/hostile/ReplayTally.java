package dev.reprise.testing.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a replay by status class and by family, and the first problems found, each with its request. */
public final class ReplayTally {

    /** The class of a request unanswered within the replay's patience. */
    public static final String NO_ANSWER_TIMEOUT = "no answer: timeout";
    /** The class of a request whose connection closed without an answer (a body refused mid-send, say). */
    public static final String NO_ANSWER_CLOSED = "no answer: closed";
    /** How many problems are kept with their details; all are counted. */
    public static final int MAX_KEPT = 50;

    /** One answer that broke a rule of {@link AnswerCheck}. */
    public record Problem(String family, String requestLine, String problem, String bodyStart) {
        @Override
        public String toString() {
            return family + ": " + problem + " for " + requestLine + " -> " + bodyStart;
        }
    }

    private final Map<String, Integer> byClass = new TreeMap<>();
    private final Map<String, Map<String, Integer>> byFamily = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> millisByFamily = new TreeMap<>();
    private final Map<String, Long> slowestByFamily = new TreeMap<>();
    private int problemCount;
    private int total;

    synchronized void add(HostileRequest request, RawAnswer answer, long nanos) {
        millisByFamily.merge(request.family(), nanos / 1_000_000, Long::sum);
        slowestByFamily.merge(request.family(), nanos / 1_000_000, Math::max);
        String cls = answer.answered() ? answer.status() / 100 + "xx"
                : answer.noAnswer().startsWith("timeout") ? NO_ANSWER_TIMEOUT : NO_ANSWER_CLOSED;
        byClass.merge(cls, 1, Integer::sum);
        byFamily.computeIfAbsent(request.family(), f -> new TreeMap<>()).merge(cls, 1, Integer::sum);
        total++;
        String problem = AnswerCheck.problem(request, answer);
        if (problem != null) {
            problemCount++;
            if (problems.size() < MAX_KEPT) {
                String body = answer.bodyText();
                problems.add(new Problem(request.family(), request.requestLine(), problem,
                        body.substring(0, Math.min(body.length(), 300))));
            }
        }
    }

    public synchronized int total() {
        return total;
    }

    /** Requests per status class: {@code 2xx}, {@code 4xx}, {@code 5xx}, {@link #NO_ANSWER_TIMEOUT}, ... */
    public synchronized Map<String, Integer> byClass() {
        return new TreeMap<>(byClass);
    }

    public synchronized Map<String, Map<String, Integer>> byFamily() {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        byFamily.forEach((f, m) -> copy.put(f, new TreeMap<>(m)));
        return copy;
    }

    public synchronized int count(String statusClass) {
        return byClass.getOrDefault(statusClass, 0);
    }

    public synchronized int problemCount() {
        return problemCount;
    }

    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** A few lines: the classes, then each family's classes, then the problems kept. */
    public synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append(total).append(" requests: ").append(byClass).append('\n');
        byFamily.forEach((f, m) -> out.append("  ").append(f).append(": ").append(m).append(", ")
                .append(millisByFamily.get(f)).append(" ms in all, slowest ").append(slowestByFamily.get(f))
                .append(" ms\n"));
        out.append(problemCount).append(" problems").append(problemCount > 0 ? ":" : "").append('\n');
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        return out.toString();
    }
}
