package dev.reprise.gateway.judge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The judge's counters: calls by what came of them, and grey-band misses not judged by which bound refused them. */
final class JudgeMetrics {

    /** What came of one judge call. */
    enum Result { SAME, DIFFERENT, NONE, FAILED }

    /** Why a grey-band miss was not judged. */
    enum Skip { RATE, SHARE, BUDGET, QUEUE }

    private final Map<Result, Counter> calls = new EnumMap<>(Result.class);
    private final Map<Skip, Counter> skipped = new EnumMap<>(Skip.class);

    JudgeMetrics(MeterRegistry registry) {
        for (Result r : Result.values()) {
            calls.put(r, Counter.builder("reprise.cache.judge.calls")
                    .description("Background judge calls on grey-band misses, by result: same, different, none "
                            + "(no usable verdict) or failed")
                    .tag("result", r.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (Skip s : Skip.values()) {
            skipped.put(s, Counter.builder("reprise.cache.judge.skipped")
                    .description("Grey-band misses not judged, by the bound that refused them: rate, share, budget "
                            + "or queue (full)")
                    .tag("reason", s.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    void called(Result result) {
        calls.get(result).increment();
    }

    void skipped(Skip reason) {
        skipped.get(reason).increment();
    }

    static Skip of(JudgeBudget.Refusal refusal) {
        return switch (refusal) {
            case RATE -> Skip.RATE;
            case SHARE -> Skip.SHARE;
            case BUDGET -> Skip.BUDGET;
        };
    }
}
