-- One row per virtual key (issue 14). Times are epoch milliseconds (UTC); money is US dollars.
-- Secrets are never stored: only the SHA-256 (hex) of the current one and, during a rotation's grace, the previous.
CREATE TABLE keys (
    id                      TEXT    PRIMARY KEY,
    name                    TEXT    NOT NULL,
    tenant                  TEXT    NOT NULL,
    models                  TEXT    NOT NULL,  -- JSON array of aliases; [] = all
    expires_at_ms           INTEGER,
    metadata                TEXT    NOT NULL,  -- JSON object of strings
    rpm                     INTEGER NOT NULL,
    tpm                     INTEGER NOT NULL,
    budget_usd              REAL,
    budget_period           TEXT,
    budget_soft_limit       REAL,
    created_at_ms           INTEGER NOT NULL,
    revoked_at_ms           INTEGER,
    secret_sha256           TEXT    NOT NULL UNIQUE,
    previous_sha256         TEXT,
    previous_valid_until_ms INTEGER
);
