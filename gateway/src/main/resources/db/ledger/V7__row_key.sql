-- Issue 17: each row's own key, given when the request settles, so a batch written again (PostgreSQL lost the
-- answer to a commit, and the rows waited on disk) is not counted twice: inserts skip a key already present.
-- A request id cannot serve: clients may send their own, and shadow and judge rows share their request's.
-- Rows from before this version have none (null keys never collide).
ALTER TABLE requests ADD COLUMN row_key TEXT;

CREATE UNIQUE INDEX requests_row_key ON requests (row_key);
