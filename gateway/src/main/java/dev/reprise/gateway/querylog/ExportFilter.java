package dev.reprise.gateway.querylog;

import java.time.Instant;

/**
 * Which logged queries an export includes; null fields do not filter.
 *
 * @param model        the routed model alias
 * @param namespace    the cache namespace: one alias, tenant, system prompt and parameter set
 * @param since        the first arrival time included
 * @param until        the first arrival time no longer included
 * @param labelledOnly leave out queries that came without an {@code x-reprise-intent} label
 */
public record ExportFilter(String model, String tenant, String namespace, Instant since, Instant until,
                           boolean labelledOnly) {

    public static final ExportFilter ALL = new ExportFilter(null, null, null, null, null, false);

    public boolean accepts(QueryRecord q) {
        return (model == null || model.equals(q.model()))
                && (tenant == null || tenant.equals(q.tenant()))
                && (namespace == null || namespace.equals(q.namespace()))
                && (since == null || !q.time().isBefore(since))
                && (until == null || q.time().isBefore(until))
                && (!labelledOnly || q.intent() != null);
    }
}
