-- Issue 18: the cache's background judge calls are rows of their own kind, and hits its labels allowed are marked,
-- so their cost can be weighed against the savings they unlocked. Older rows are client requests.
ALTER TABLE requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat';
ALTER TABLE requests ADD COLUMN judged INTEGER NOT NULL DEFAULT 0;
