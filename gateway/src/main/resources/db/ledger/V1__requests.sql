-- One row per settled request (issue 13). Times are epoch milliseconds (UTC); money is US dollars.
CREATE TABLE requests (
    id                   INTEGER PRIMARY KEY,
    at_ms                INTEGER NOT NULL,
    request_id           TEXT    NOT NULL,
    tenant               TEXT,
    key_id               TEXT,
    requested_model      TEXT,
    model                TEXT,
    route                TEXT,
    variant              TEXT,
    variant_alias        TEXT,
    provider             TEXT,
    deployment           TEXT,
    upstream_model       TEXT,
    attempts             INTEGER NOT NULL,
    fallback_from        TEXT,
    fallback_to          TEXT,
    fallback_reason      TEXT,
    tier                 TEXT    NOT NULL,
    similarity           REAL,
    verifier_probability REAL,
    cache_entry          TEXT,
    coalesced            INTEGER NOT NULL,
    status               INTEGER NOT NULL,
    error_code           TEXT,
    latency_ms           REAL    NOT NULL,
    ttft_ms              REAL,
    input_tokens         INTEGER NOT NULL,
    output_tokens        INTEGER NOT NULL,
    token_source         TEXT    NOT NULL,
    cost_usd             REAL    NOT NULL,
    saved_usd            REAL    NOT NULL,
    stream               INTEGER NOT NULL,
    prompt               TEXT,
    answer               TEXT
);

-- Every read is a time range, most with one of these filters; pruning deletes by time.
CREATE INDEX requests_at ON requests (at_ms);
CREATE INDEX requests_model_at ON requests (model, at_ms);
CREATE INDEX requests_tenant_at ON requests (tenant, at_ms);
