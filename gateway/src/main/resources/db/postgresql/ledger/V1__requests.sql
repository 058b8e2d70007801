-- PostgreSQL twin of db/ledger/V1__requests.sql: the same table, column for column. Flags stay integers (0/1) and
-- reals are double precision, so the report queries read the same values on both backends.
CREATE TABLE requests (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms                BIGINT           NOT NULL,
    request_id           TEXT             NOT NULL,
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
    attempts             INTEGER          NOT NULL,
    fallback_from        TEXT,
    fallback_to          TEXT,
    fallback_reason      TEXT,
    tier                 TEXT             NOT NULL,
    similarity           DOUBLE PRECISION,
    verifier_probability DOUBLE PRECISION,
    cache_entry          TEXT,
    coalesced            INTEGER          NOT NULL,
    status               INTEGER          NOT NULL,
    error_code           TEXT,
    latency_ms           DOUBLE PRECISION NOT NULL,
    ttft_ms              DOUBLE PRECISION,
    input_tokens         BIGINT           NOT NULL,
    output_tokens        BIGINT           NOT NULL,
    token_source         TEXT             NOT NULL,
    cost_usd             DOUBLE PRECISION NOT NULL,
    saved_usd            DOUBLE PRECISION NOT NULL,
    stream               INTEGER          NOT NULL,
    prompt               TEXT,
    answer               TEXT
);

CREATE INDEX requests_at ON requests (at_ms);
CREATE INDEX requests_model_at ON requests (model, at_ms);
CREATE INDEX requests_tenant_at ON requests (tenant, at_ms);
