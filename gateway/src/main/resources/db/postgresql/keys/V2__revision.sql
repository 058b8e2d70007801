-- PostgreSQL twin of db/keys/V2__revision.sql. Every write takes the next number of keys_revision_seq while it
-- holds the key table's advisory lock until it commits (PostgresKeyStore), so revisions become visible in order and
-- a node that has read up to revision r has every change up to r.
CREATE SEQUENCE keys_revision_seq;

ALTER TABLE keys ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

CREATE INDEX keys_by_revision ON keys (revision);
