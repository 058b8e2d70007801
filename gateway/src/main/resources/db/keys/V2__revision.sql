-- Issue 17: a change number per key, which grows with every write of the row, so that the nodes of a cluster
-- sharing the key table in PostgreSQL (db/postgresql/keys) read only the keys changed since their last refresh.
-- Kept on SQLite too, so both backends have the same columns.
ALTER TABLE keys ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE INDEX keys_by_revision ON keys (revision);
