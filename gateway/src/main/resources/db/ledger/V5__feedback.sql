-- Issue 16: outcomes clients report for their requests through POST /v1/feedback, one per request: a later one
-- replaces it. Keyed by tenant and request id, since a client may send its own x-request-id and two tenants could
-- pick the same one. The request's time, alias and A/B variant are copied from its row when the feedback is given,
-- so outcomes are read per variant without a join, and pruned with the requests they refer to.
CREATE TABLE feedback (
    tenant        TEXT    NOT NULL,
    request_id    TEXT    NOT NULL,
    at_ms         INTEGER NOT NULL,
    key_id        TEXT,
    score         REAL,
    label         TEXT,
    comment       TEXT,
    request_at_ms INTEGER NOT NULL,
    model         TEXT,
    variant_alias TEXT,
    variant       TEXT,
    PRIMARY KEY (tenant, request_id)
);

CREATE INDEX feedback_request_at ON feedback (request_at_ms);
-- Feedback finds its request by id: without this, each one would scan every row of the retention.
CREATE INDEX requests_request_id ON requests (request_id);
