package dev.reprise.bench.eval;

import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.ScoredEntry;
import dev.reprise.cache.SemanticCache;
import dev.reprise.cache.SemanticLookup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@link StreamSimulation}'s replay with a background judge. A lookup whose best candidate is in the grey band
 * (below the policy's threshold, at or above the setting's floor, accepted by the guards) is a miss as before,
 * stored as before, and, while judge calls stay within the budget, the judge is asked whether the candidate's
 * answer serves it. The verdict (the intent labels, flipped with the setting's error) lands {@code delay} queries
 * later. A yes makes the new entry an alias serving the candidate's answer and joins their groups; every verdict
 * is evidence for {@link JudgeRule}, which may then serve later grey-band candidates.
 */
public final class JudgeSimulation {

    private final StreamSimulation base;

    public JudgeSimulation(StreamSimulation base) {
        this.base = base;
    }

    public StreamSimulation base() {
        return base;
    }

    /**
     * The outcome of one replay with a judge.
     *
     * @param outcomes      one per query; a hit's {@code servedFrom} is the query whose answer was served
     * @param misses        lookups answered as misses
     * @param judgeCalls    verdicts asked for
     * @param unlocked      hits served by the judge's evidence that the policy alone would have missed
     * @param unlockedWrong of those, the ones that served another intent's answer
     */
    public record Run(List<LookupOutcome> outcomes, long misses, long judgeCalls, long unlocked, long unlockedWrong) {
    }

    private record Pending(int due, int question, int candidate, float similarity, boolean same) {
    }

    public Run run(HitPolicy policy, JudgeSetting judge) {
        PreparedStream stream = base.stream();
        int n = stream.size();
        List<LookupOutcome> outcomes = new ArrayList<>(n);
        Map<String, Integer> exact = new HashMap<>();
        int[] answerOf = new int[n];
        int[] stored = new int[n];
        int storedCount = 0;
        int[] top = new int[SemanticCache.CANDIDATES];
        float[] topSim = new float[SemanticCache.CANDIDATES];
        GroupEvidence groups = new GroupEvidence(n);
        NamespaceCalibration calibration = new NamespaceCalibration(judge.maxError());
        ArrayDeque<Pending> pending = new ArrayDeque<>();
        SplittableRandom noise = new SplittableRandom(judge.seed() ^ stream.name().hashCode());
        HitPolicy greyBand = new HitPolicy(judge.floor(), policy.guards());
        long misses = 0, calls = 0, unlocked = 0, unlockedWrong = 0;
        for (int i = 0; i < n; i++) {
            // Verdicts arrive in the order they were asked, each after the same delay.
            while (!pending.isEmpty() && pending.peekFirst().due() <= i) {
                Pending v = pending.pollFirst();
                if (v.same()) {
                    answerOf[v.question()] = answerOf[v.candidate()];
                    groups.yes(v.question(), v.candidate(), v.similarity());
                } else {
                    groups.no(v.candidate(), v.similarity());
                }
                calibration.add(v.similarity(), v.same());
            }
            Integer same = exact.get(stream.keys().get(i));
            if (same != null) {
                outcomes.add(LookupOutcome.exact(answerOf[same]));
                continue;
            }
            int found = base.nearest(i, stored, storedCount, top, topSim);
            List<ScoredEntry> nearest = new ArrayList<>(found);
            for (int c = 0; c < found; c++) {
                nearest.add(new ScoredEntry(base.entry(top[c]), topSim[c]));
            }
            String text = stream.texts().get(i);
            SemanticLookup decision = SemanticCache.decide(text, nearest, policy);
            if (decision.isHit()) {
                outcomes.add(new LookupOutcome(LookupOutcome.Tier.SEMANTIC, answerOf[top[0]], top[0], topSim[0], null));
                continue;
            }
            int candidate = found == 0 ? -1 : top[0];
            float similarity = found == 0 ? Float.NaN : topSim[0];
            boolean grey = decision.missReason() == SemanticLookup.MissReason.BELOW_THRESHOLD
                    && SemanticCache.judge(text, base.entry(candidate).matchedText(), similarity, greyBand).isEmpty();
            if (grey && serves(judge, groups, calibration, candidate, similarity)) {
                int served = answerOf[candidate];
                outcomes.add(new LookupOutcome(LookupOutcome.Tier.SEMANTIC, served, candidate, similarity, null));
                unlocked++;
                if (!intent(served).equals(intent(i))) {
                    unlockedWrong++;
                }
                continue;
            }
            outcomes.add(new LookupOutcome(LookupOutcome.Tier.MISS, -1, candidate, similarity, decision.missReason()));
            answerOf[i] = i;
            stored[storedCount++] = i;
            exact.put(stream.keys().get(i), i);
            misses++;
            if (grey && calls + 1 <= judge.budget() * misses) {
                calls++;
                boolean verdict = intent(answerOf[candidate]).equals(intent(i));
                if (judge.error() > 0 && noise.nextDouble() < judge.error()) {
                    verdict = !verdict;
                }
                pending.addLast(new Pending(i + judge.delay(), i, candidate, similarity, verdict));
            }
        }
        return new Run(outcomes, misses, calls, unlocked, unlockedWrong);
    }

    private static boolean serves(JudgeSetting judge, GroupEvidence groups, NamespaceCalibration calibration,
                                  int candidate, float similarity) {
        return judge.rule().usesGroups() && groups.serves(candidate, similarity, judge.minYes())
                || judge.rule().usesNamespace() && similarity >= calibration.bar();
    }

    private String intent(int position) {
        return base.stream().queries().get(position).intent();
    }
}
