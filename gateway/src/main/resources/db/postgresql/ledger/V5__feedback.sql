-- PostgreSQL twin of db/ledger/V5__feedback.sql.
CREATE TABLE feedback (
    tenant        TEXT             NOT NULL,
    request_id    TEXT             NOT NULL,
    at_ms         BIGINT           NOT NULL,
    key_id        TEXT,
    score         DOUBLE PRECISION,
    label         TEXT,
    comment       TEXT,
    request_at_ms BIGINT           NOT NULL,
    model         TEXT,
    variant_alias TEXT,
    variant       TEXT,
    PRIMARY KEY (tenant, request_id)
);

CREATE INDEX feedback_request_at ON feedback (request_at_ms);
CREATE INDEX requests_request_id ON requests (request_id);
