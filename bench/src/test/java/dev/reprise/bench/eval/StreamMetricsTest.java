package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.cache.SemanticLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamMetricsTest {

    @Test
    void should_count_hits_wrong_hits_ideal_and_savings_on_a_hand_labelled_stream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.stream.jsonl");
        Files.writeString(file, """
                {"q":"reset my password","intent":"password"}
                {"q":"Reset my password!","intent":"password"}
                {"q":"opening hours","intent":"hours"}
                {"q":"when do you open","intent":"password"}

                {"q":"what time do you open","intent":"hours"}
                {"q":"order 1234","intent":"order"}
                """);
        List<StreamQuery> queries = Jsonl.read(file, StreamQuery.class);
        List<LookupOutcome> outcomes = List.of(
                new LookupOutcome(LookupOutcome.Tier.MISS, -1, -1, Float.NaN, SemanticLookup.MissReason.EMPTY),
                LookupOutcome.exact(0),
                new LookupOutcome(LookupOutcome.Tier.MISS, -1, 0, 0.3f, SemanticLookup.MissReason.BELOW_THRESHOLD),
                new LookupOutcome(LookupOutcome.Tier.SEMANTIC, 2, 2, 0.9f, null),
                new LookupOutcome(LookupOutcome.Tier.SEMANTIC, 2, 2, 0.95f, null),
                new LookupOutcome(LookupOutcome.Tier.MISS, -1, 0, 0.92f, SemanticLookup.MissReason.GUARD_NUMBERS));

        StreamMetrics m = StreamMetrics.of(queries, outcomes, new Pricing(500, 300, 2.0, 10.0));

        assertEquals(6, m.queries());
        assertEquals(1, m.exactHits());
        assertEquals(2, m.semanticHits());
        assertEquals(1, m.wrongHits(), "query 3 (password) was served query 2's answer (hours)");
        assertEquals(3, m.ideal(), "queries 1, 3 and 4 repeat an intent");
        assertEquals(0.5, m.hitRate(), 1e-12);
        assertEquals(1.0 / 3, m.wrongShare(), 1e-12);
        assertEquals(1.0, m.shareOfIdeal(), 1e-12);
        assertEquals(2.0 / 3, m.rightShareOfIdeal(), 1e-12);
        assertEquals(1, m.guardRejections());
        assertEquals(0, m.guardFalseRejections(), "the rejected candidate had another intent");
        assertEquals(3 * 800, m.tokensSaved());
        assertEquals(3 * (500 * 2.0 + 300 * 10.0) / 1e6, m.dollarsSaved(), 1e-12);
    }

    @Test
    void should_pool_two_streams_by_adding_counts() {
        StreamMetrics a = new StreamMetrics(10, 1, 2, 1, 5, 1, 1, 100, 1.0);
        StreamMetrics b = new StreamMetrics(20, 0, 3, 0, 15, 2, 0, 50, 0.5);

        StreamMetrics sum = a.plus(b);

        assertEquals(new StreamMetrics(30, 1, 5, 1, 20, 3, 1, 150, 1.5), sum);
        assertEquals(1.0 / 6, sum.wrongShare(), 1e-12);
    }
}
