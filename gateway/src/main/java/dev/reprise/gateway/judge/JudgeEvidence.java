package dev.reprise.gateway.judge;

import dev.reprise.cache.CacheEntry;
import dev.reprise.gateway.cache.JudgedGroups;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the labels say so far, per group of entries that serve one answer: a yes joins the new question's entry to
 * its candidate's group and lowers the group's bar to the similarity it was judged at; a no raises the group's floor
 * of refusal to its similarity. A grey-band candidate is served when its group has at least {@code minYes} yeses,
 * its lowest judged yes is at or below the similarity and every judged no is below it (the group rule picked by
 * {@code ./reprise eval --judge}, bench/results/judge-20261206.md). Rebuilt from the stored labels at start.
 */
final class JudgeEvidence implements JudgedGroups {

    /** One group's judged boundary; guarded by itself. */
    private static final class Group {
        float lowestYes = Float.POSITIVE_INFINITY;
        float highestNo = Float.NEGATIVE_INFINITY;
        int yeses;
    }

    private final int minYes;
    /** Entry id to the id of its group's first entry; an entry in no group is its own. */
    private final ConcurrentHashMap<String, String> groupOf = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    JudgeEvidence(int minYes) {
        this.minYes = minYes;
    }

    static JudgeEvidence of(List<JudgeLabel> labels, int minYes) {
        JudgeEvidence evidence = new JudgeEvidence(minYes);
        labels.forEach(evidence::add);
        return evidence;
    }

    /** The group the entry belongs to. */
    String groupOf(String entryId) {
        return groupOf.getOrDefault(entryId, entryId);
    }

    void add(JudgeLabel label) {
        Group group = groups.computeIfAbsent(label.groupId(), id -> new Group());
        synchronized (group) {
            if (label.same()) {
                group.lowestYes = Math.min(group.lowestYes, label.similarity());
                group.yeses++;
            } else {
                group.highestNo = Math.max(group.highestNo, label.similarity());
            }
        }
        if (label.same() && label.aliasEntry() != null) {
            groupOf.put(label.aliasEntry(), label.groupId());
        }
    }

    @Override
    public boolean serves(CacheEntry candidate, float similarity) {
        Group group = groups.get(groupOf(candidate.id()));
        if (group == null) {
            return false;
        }
        synchronized (group) {
            return group.yeses >= minYes && group.lowestYes <= similarity && group.highestNo < similarity;
        }
    }
}
