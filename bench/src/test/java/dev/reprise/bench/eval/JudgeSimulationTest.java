package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.cache.HitPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The judge's replay on a tiny stream of hand-made vectors, so every similarity is known: at a serving threshold
 * of 0.9 and a floor of 0.8, "beta" (30 degrees from "alpha", cosine 0.866) is a grey-band miss that gets judged,
 * and "delta" (30 degrees the other side of "alpha") is the later lookup the verdict may unlock.
 */
class JudgeSimulationTest {

    private static final HitPolicy POLICY = HitPolicy.contextual(0.9);

    @Test
    void should_serve_a_later_grey_band_candidate_once_a_yes_has_landed() {
        JudgeSimulation.Run run = simulation("a", "a").run(POLICY, judge(JudgeRule.GROUP, 1.0, 2));

        assertEquals(LookupOutcome.Tier.MISS, run.outcomes().get(1).tier(), "a grey-band lookup is still a miss");
        assertEquals(LookupOutcome.Tier.SEMANTIC, run.outcomes().get(3).tier(), run.outcomes().get(3).toString());
        assertEquals(0, run.outcomes().get(3).servedFrom(), "delta is served alpha's answer");
        assertEquals(1, run.unlocked());
        assertEquals(0, run.unlockedWrong());
        assertEquals(2, run.judgeCalls(), "beta and gamma are judged, delta is served");
    }

    @Test
    void should_keep_a_miss_when_the_judge_says_no() {
        JudgeSimulation.Run run = simulation("b", "a").run(POLICY, judge(JudgeRule.GROUP, 1.0, 2));

        assertEquals(LookupOutcome.Tier.MISS, run.outcomes().get(3).tier());
        assertEquals(0, run.unlocked());
    }

    @Test
    void should_not_use_a_verdict_before_its_delay_has_passed() {
        JudgeSimulation.Run run = simulation("a", "a").run(POLICY, judge(JudgeRule.GROUP, 1.0, 3));

        assertEquals(LookupOutcome.Tier.MISS, run.outcomes().get(3).tier(), "beta's verdict lands before query 4");
        assertEquals(0, run.unlocked());
    }

    @Test
    void should_stop_judge_calls_at_the_budget() {
        JudgeSimulation.Run none = simulation("a", "a").run(POLICY, judge(JudgeRule.GROUP, 0, 2));
        // Half the misses: beta is the second miss (1 <= 0.5 * 2), gamma the third (2 > 0.5 * 3).
        JudgeSimulation.Run half = simulation("a", "a").run(POLICY, judge(JudgeRule.GROUP, 0.5, 2));

        assertEquals(0, none.judgeCalls());
        assertEquals(LookupOutcome.Tier.MISS, none.outcomes().get(3).tier());
        assertEquals(1, half.judgeCalls());
        assertEquals(3, half.misses());
    }

    @Test
    void should_make_the_judged_question_serve_the_candidates_answer() {
        // Gamma is judged against beta before beta's own verdict lands; by the time gamma's yes lands, beta serves
        // alpha's answer, so gamma's entry does too: a repeat of gamma is an exact hit served alpha's answer.
        JudgeSimulation.Run run = simulation("a", "a", "gamma").run(POLICY, judge(JudgeRule.GROUP, 1.0, 2));

        assertEquals(LookupOutcome.Tier.EXACT, run.outcomes().get(4).tier());
        assertEquals(0, run.outcomes().get(4).servedFrom());
    }

    @Test
    void should_serve_nothing_below_the_namespace_bar_without_enough_labels() {
        JudgeSimulation.Run run = simulation("a", "a").run(POLICY, judge(JudgeRule.NAMESPACE, 1.0, 1));

        assertEquals(LookupOutcome.Tier.MISS, run.outcomes().get(3).tier(), "two yes labels bound nothing at 0.5%");
    }

    private static JudgeSetting judge(JudgeRule rule, double budget, int delay) {
        return new JudgeSetting(rule, 0.8, budget, delay, 0, 0.005, 1, 1);
    }

    /**
     * alpha (0 degrees, intent a), beta (30, {@code betaIntent}), gamma (60, {@code gammaIntent}), delta (-30,
     * intent a), then any extra texts again at their first angle.
     */
    private static JudgeSimulation simulation(String betaIntent, String gammaIntent, String... repeats) {
        List<StreamQuery> queries = new ArrayList<>(List.of(new StreamQuery("alpha", "a"),
                new StreamQuery("beta", betaIntent), new StreamQuery("gamma", gammaIntent),
                new StreamQuery("delta", "a")));
        List<Double> angles = new ArrayList<>(List.of(0.0, 30.0, 60.0, -30.0));
        for (String r : repeats) {
            int at = queries.stream().map(StreamQuery::q).toList().indexOf(r);
            queries.add(queries.get(at));
            angles.add(angles.get(at));
        }
        List<String> texts = queries.stream().map(StreamQuery::q).toList();
        List<String> keys = texts.stream().map(t -> PreparedStream.exactKey(PreparedStream.NAMESPACE, t)).toList();
        List<float[]> vectors = angles.stream().map(d -> new float[] {
                (float) Math.cos(Math.toRadians(d)), (float) Math.sin(Math.toRadians(d))}).toList();
        return new JudgeSimulation(new StreamSimulation(new PreparedStream("test/tiny", queries, texts, keys, vectors, "hand-made")));
    }
}
