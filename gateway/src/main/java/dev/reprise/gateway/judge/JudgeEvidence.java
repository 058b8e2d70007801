package dev.reprise.gateway.judge;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the labels say so far, in memory: which group of entries serves one answer. A yes joins the new question's
 * entry to its candidate's group; a label names the group, so evidence on any member speaks for all of them.
 * Rebuilt from the stored labels at start.
 */
final class JudgeEvidence {

    /** Entry id to the id of its group's first entry; an entry in no group is its own. */
    private final ConcurrentHashMap<String, String> groups = new ConcurrentHashMap<>();

    static JudgeEvidence of(List<JudgeLabel> labels) {
        JudgeEvidence evidence = new JudgeEvidence();
        labels.forEach(evidence::add);
        return evidence;
    }

    /** The group the entry belongs to. */
    String groupOf(String entryId) {
        return groups.getOrDefault(entryId, entryId);
    }

    void add(JudgeLabel label) {
        if (label.same() && label.aliasEntry() != null) {
            groups.put(label.aliasEntry(), label.groupId());
        }
    }
}
