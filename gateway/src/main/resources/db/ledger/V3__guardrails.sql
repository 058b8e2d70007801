-- Issue 15: what the request guardrails found and did. The PII kinds are config names joined by commas (card,email),
-- never the values; rows from before this version, and rows no guardrail acted on, leave them null (count 0).
ALTER TABLE requests ADD COLUMN pii_action TEXT;
ALTER TABLE requests ADD COLUMN pii_types TEXT;
ALTER TABLE requests ADD COLUMN pii_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN injection TEXT;
ALTER TABLE requests ADD COLUMN injection_category TEXT;

-- The guardrail report reads only the rows a guardrail acted on, a small share of all: this index holds just those.
CREATE INDEX requests_guardrail_at ON requests (at_ms) WHERE pii_action IS NOT NULL OR injection IS NOT NULL;
