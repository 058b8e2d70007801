-- Issue 17: what each key, tenant and alias spent upstream per budget period, summed by every node of the cluster
-- as its requests settle (usd = usd + cost), so a budget holds the cluster's spend. PostgreSQL only: a single node
-- keeps these totals in memory, rebuilt from its ledger. period_start_ms is the period's UTC start, epoch ms.
CREATE TABLE spend (
    scope           TEXT             NOT NULL,
    id              TEXT             NOT NULL,
    period          TEXT             NOT NULL,
    period_start_ms BIGINT           NOT NULL,
    usd             DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (scope, id, period, period_start_ms)
);

-- Ended periods are deleted by their start.
CREATE INDEX spend_period_start ON spend (period_start_ms);
