package dev.reprise.gateway.judge;

import java.time.Instant;

/**
 * One verdict of the judge, as kept: in which namespace, on which group (the entry whose answer serves it, or the
 * group that entry joined), the two questions, their cosine and whether one answer serves both.
 *
 * @param candidateEntry the stored entry the new question was compared with
 * @param aliasEntry     on a yes, the new question's entry, which now serves the group's answer; else null
 */
public record JudgeLabel(Instant at, String namespace, String tenant, String groupId, String candidateEntry,
                         String aliasEntry, String cachedQuestion, String newQuestion, float similarity,
                         boolean same) {
}
