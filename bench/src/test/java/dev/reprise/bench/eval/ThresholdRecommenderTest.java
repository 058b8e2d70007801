package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdRecommenderTest {

    /** A stream point with 100 hits of which {@code wrong} are wrong. */
    private static CurvePoint stream(double t, long wrong) {
        return new CurvePoint(t, new StreamMetrics(1000, 0, 100, wrong, 900, 0, 0, 0, 0), PairMetrics.EMPTY);
    }

    @Test
    void should_pick_the_lowest_threshold_that_holds_the_limit_at_every_higher_threshold() {
        // 0.80 dips under the limit by luck, but 0.85 breaks it: the answer is 0.90, not 0.80.
        List<CurvePoint> curve = List.of(stream(0.80, 0), stream(0.85, 3), stream(0.90, 1), stream(0.95, 0));

        assertEquals(Optional.of(0.90), ThresholdRecommender.recommend(curve, 0.01));
        assertEquals(Optional.of(0.80), ThresholdRecommender.recommend(curve, 0.03));
    }

    @Test
    void should_recommend_nothing_when_even_the_highest_threshold_is_over_the_limit() {
        assertEquals(Optional.empty(), ThresholdRecommender.recommend(List.of(stream(0.9, 5), stream(0.95, 2)), 0.01));
    }

    @Test
    void should_judge_pairs_by_their_false_hit_rate_when_there_are_no_streams() {
        List<CurvePoint> curve = List.of(
                new CurvePoint(0.8, StreamMetrics.EMPTY, new PairMetrics(10, 100, 9, 5)),
                new CurvePoint(0.9, StreamMetrics.EMPTY, new PairMetrics(10, 100, 7, 1)));

        assertEquals(Optional.of(0.9), ThresholdRecommender.recommend(curve, 0.01));
        assertEquals("false-hit rate on different pairs", ThresholdRecommender.metricName(curve));
    }
}
