-- PostgreSQL twin of db/ledger/V3__guardrails.sql.
ALTER TABLE requests ADD COLUMN pii_action TEXT;
ALTER TABLE requests ADD COLUMN pii_types TEXT;
ALTER TABLE requests ADD COLUMN pii_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN injection TEXT;
ALTER TABLE requests ADD COLUMN injection_category TEXT;

CREATE INDEX requests_guardrail_at ON requests (at_ms) WHERE pii_action IS NOT NULL OR injection IS NOT NULL;
