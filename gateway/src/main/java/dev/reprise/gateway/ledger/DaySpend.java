package dev.reprise.gateway.ledger;

import java.time.LocalDate;

/**
 * What one key, tenant and alias spent upstream on one UTC day, for one kind of call: the ledger's answer from which
 * budget totals are rebuilt at start.
 *
 * @param day     the UTC day of the requests' arrival
 * @param keyId   the gateway key's id, or null (open mode, the cache judge)
 * @param tenant  the tenant, or null
 * @param alias   the alias that served, or null
 * @param judge   whether these were the cache judge's own calls rather than clients' requests
 * @param costUsd dollars spent
 */
public record DaySpend(LocalDate day, String keyId, String tenant, String alias, boolean judge, double costUsd) {
}
