-- PostgreSQL twin of db/keys/V1__keys.sql: the same table, column for column. Times are epoch milliseconds (UTC),
-- money is US dollars. Secrets are never stored: only the SHA-256 (hex) of the current one and, during a rotation's
-- grace, the previous.
CREATE TABLE keys (
    id                      TEXT             PRIMARY KEY,
    name                    TEXT             NOT NULL,
    tenant                  TEXT             NOT NULL,
    models                  TEXT             NOT NULL,  -- JSON array of aliases; [] = all
    expires_at_ms           BIGINT,
    metadata                TEXT             NOT NULL,  -- JSON object of strings
    rpm                     BIGINT           NOT NULL,
    tpm                     BIGINT           NOT NULL,
    budget_usd              DOUBLE PRECISION,
    budget_period           TEXT,
    budget_soft_limit       DOUBLE PRECISION,
    created_at_ms           BIGINT           NOT NULL,
    revoked_at_ms           BIGINT,
    secret_sha256           TEXT             NOT NULL UNIQUE,
    previous_sha256         TEXT,
    previous_valid_until_ms BIGINT
);
