-- PostgreSQL twin of db/ledger/V6__shadow.sql.
ALTER TABLE requests ADD COLUMN shadow_of TEXT;
ALTER TABLE requests ADD COLUMN answer_similarity DOUBLE PRECISION;

CREATE INDEX requests_shadow_at ON requests (at_ms) WHERE kind = 'shadow';
CREATE INDEX IF NOT EXISTS requests_request_id ON requests (request_id);
