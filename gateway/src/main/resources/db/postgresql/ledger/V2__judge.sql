-- PostgreSQL twin of db/ledger/V2__judge.sql.
ALTER TABLE requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat';
ALTER TABLE requests ADD COLUMN judged INTEGER NOT NULL DEFAULT 0;
