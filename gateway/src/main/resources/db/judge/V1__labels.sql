-- One row per judge verdict (issue 18). Times are epoch milliseconds (UTC).
CREATE TABLE labels (
    id              INTEGER PRIMARY KEY,
    at_ms           INTEGER NOT NULL,
    namespace       TEXT    NOT NULL,
    tenant          TEXT    NOT NULL,
    group_id        TEXT    NOT NULL,
    candidate_entry TEXT    NOT NULL,
    alias_entry     TEXT,
    cached_question TEXT    NOT NULL,
    new_question    TEXT    NOT NULL,
    similarity      REAL    NOT NULL,
    same            INTEGER NOT NULL
);

CREATE INDEX labels_namespace ON labels (namespace);
