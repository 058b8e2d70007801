package dev.reprise.gateway.judge;

import dev.reprise.cache.CacheEntry;
import dev.reprise.gateway.cache.JudgedGroups;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the labels say so far, per group of entries that serve one answer: a yes joins the new question's entry to
 * its candidate's group and lowers the group's bar to the similarity it was judged at; a no raises the group's floor
 * of refusal to its similarity. A grey-band candidate is served when its group has at least {@code minYes} yeses,
 * its lowest judged yes is at or below the similarity and every judged no is below it (the group rule picked by
 * {@code ./reprise eval --judge}, bench/results/judge-20261206.md). Rebuilt from the stored labels at start, in
 * their order. Thread-safe: lookups read it while the judge's thread adds to it, each under one short lock.
 */
final class JudgeEvidence implements JudgedGroups {

    /** One group's judged boundary. */
    private static final class Group {
        float lowestYes = Float.POSITIVE_INFINITY;
        float highestNo = Float.NEGATIVE_INFINITY;
        int yeses;
    }

    private final int minYes;
    /** An entry, or a group's first entry, to the group it joined; a root has no parent. Guarded by {@code this}. */
    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();

    JudgeEvidence(int minYes) {
        this.minYes = minYes;
    }

    static JudgeEvidence of(List<JudgeLabel> labels, int minYes) {
        JudgeEvidence evidence = new JudgeEvidence(minYes);
        labels.forEach(evidence::add);
        return evidence;
    }

    /** The group the entry belongs to, named by its first entry. */
    synchronized String groupOf(String entryId) {
        String id = entryId;
        for (String up = parent.get(id); up != null; up = parent.get(id)) {
            id = up;
        }
        return id;
    }

    /**
     * A verdict on the candidate's group. A yes also merges the new question's group into it (the new entry may have
     * been judged as someone's candidate before its own verdict landed): the lowest yes, the highest no and the
     * yeses of both count for the merged group.
     */
    synchronized void add(JudgeLabel label) {
        String root = groupOf(label.groupId());
        Group group = groups.computeIfAbsent(root, id -> new Group());
        if (!label.same()) {
            group.highestNo = Math.max(group.highestNo, label.similarity());
            return;
        }
        group.lowestYes = Math.min(group.lowestYes, label.similarity());
        group.yeses++;
        if (label.aliasEntry() == null) {
            return;
        }
        String joining = groupOf(label.aliasEntry());
        if (!joining.equals(root)) {
            parent.put(joining, root);
            Group merged = groups.remove(joining);
            if (merged != null) {
                group.lowestYes = Math.min(group.lowestYes, merged.lowestYes);
                group.highestNo = Math.max(group.highestNo, merged.highestNo);
                group.yeses += merged.yeses;
            }
        }
    }

    @Override
    public synchronized boolean serves(CacheEntry candidate, float similarity) {
        Group group = groups.get(groupOf(candidate.id()));
        return group != null && group.yeses >= minYes && group.lowestYes <= similarity && group.highestNo < similarity;
    }
}
