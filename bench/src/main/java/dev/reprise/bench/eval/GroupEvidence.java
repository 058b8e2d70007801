package dev.reprise.bench.eval;

import java.util.Arrays;

/**
 * Judged evidence per group of entries that share one answer. A judged yes joins the new question's entry to the
 * candidate's group and records the similarity it was judged at; a judged no records its similarity on the
 * candidate's group. A group's bar is then the lowest judged-yes similarity, and nothing at or below a judged no.
 */
final class GroupEvidence {

    private final int[] parent;
    private final float[] lowestYes;
    private final float[] highestNo;
    private final int[] yesCount;

    GroupEvidence(int entries) {
        parent = new int[entries];
        lowestYes = new float[entries];
        highestNo = new float[entries];
        yesCount = new int[entries];
        for (int i = 0; i < entries; i++) {
            parent[i] = i;
        }
        Arrays.fill(lowestYes, Float.POSITIVE_INFINITY);
        Arrays.fill(highestNo, Float.NEGATIVE_INFINITY);
    }

    /** The judge said the candidate's answer serves the new question, at this similarity. */
    void yes(int newEntry, int candidate, float similarity) {
        int a = root(newEntry);
        int b = root(candidate);
        if (a != b) {
            parent[a] = b;
            lowestYes[b] = Math.min(lowestYes[b], lowestYes[a]);
            highestNo[b] = Math.max(highestNo[b], highestNo[a]);
            yesCount[b] += yesCount[a];
        }
        lowestYes[b] = Math.min(lowestYes[b], similarity);
        yesCount[b]++;
    }

    /** The judge said the candidate's answer does not serve a question at this similarity. */
    void no(int candidate, float similarity) {
        int b = root(candidate);
        highestNo[b] = Math.max(highestNo[b], similarity);
    }

    /** Whether the candidate's group may serve at this similarity: judged yes at or below it, no judged no at or above. */
    boolean serves(int candidate, float similarity, int minYes) {
        int b = root(candidate);
        return yesCount[b] >= minYes && lowestYes[b] <= similarity && highestNo[b] < similarity;
    }

    private int root(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
