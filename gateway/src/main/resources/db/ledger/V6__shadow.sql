-- Issue 16: shadow calls are rows of kind 'shadow' that copy a client's request to a candidate alias; shadow_of holds
-- the client's request id (its row has the same at_ms), answer_similarity the cosine of the two answers' embeddings.
ALTER TABLE requests ADD COLUMN shadow_of TEXT;
ALTER TABLE requests ADD COLUMN answer_similarity REAL;

-- The shadow report reads the shadow rows (a small share of all) and looks up each one's client request by its id.
CREATE INDEX requests_shadow_at ON requests (at_ms) WHERE kind = 'shadow';
CREATE INDEX IF NOT EXISTS requests_request_id ON requests (request_id);
