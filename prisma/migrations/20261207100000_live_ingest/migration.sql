-- Live ingest: Prometheus remote write lands in a journal first. A request is acknowledged once
-- its body is committed here; a background round later turns a group of bodies into records.
-- Each body keeps the round it was read in, so a restarted receiver replays the same rounds and
-- arrives at the same records (stored once: the telemetry keys decide).
CREATE TABLE remote_write_batch (
    id            bigserial   PRIMARY KEY,
    received_at   timestamptz NOT NULL DEFAULT now(),
    content_type  text,
    body          bytea       NOT NULL,
    samples       integer     NOT NULL,
    round         bigint
);
CREATE INDEX remote_write_batch_unread ON remote_write_batch (id) WHERE round IS NULL;
CREATE INDEX remote_write_batch_round ON remote_write_batch (round) WHERE round IS NOT NULL;

CREATE TABLE remote_write_round (
    id          bigserial   PRIMARY KEY,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz,
    job_id      bigint
);

-- API tokens carry scopes: `ingest` (push telemetry), `read` (metrics and reports).
ALTER TABLE api_token ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['ingest', 'read']::text[];

-- The organisation's metric mapping (labels naming node, GPU and role; lib/ingest/metrics/mapping.ts).
ALTER TABLE org_settings ADD COLUMN metric_mapping jsonb;
