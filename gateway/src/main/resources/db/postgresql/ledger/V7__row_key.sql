-- PostgreSQL twin of db/ledger/V7__row_key.sql.
ALTER TABLE requests ADD COLUMN row_key TEXT;

CREATE UNIQUE INDEX requests_row_key ON requests (row_key);
