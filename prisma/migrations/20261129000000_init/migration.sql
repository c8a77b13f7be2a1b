-- FleetLedger foundation: relational tables (Prisma models) and the telemetry store.

-- ───────────── relational (prisma/schema.prisma) ─────────────
CREATE TABLE "ingest_job" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(6),
    "channel" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "format" TEXT,
    "status" TEXT NOT NULL,
    "replace" BOOLEAN NOT NULL DEFAULT false,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "duplicates" BIGINT NOT NULL DEFAULT 0,
    "replaced" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,
    "min_ts" TIMESTAMPTZ(6),
    "max_ts" TIMESTAMPTZ(6),
    "error" TEXT,
    "pid" INTEGER,
    "heartbeat_at" TIMESTAMPTZ(6),
    "deleted_at" TIMESTAMPTZ(6),
    CONSTRAINT "ingest_job_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ingest_error" (
    "id" BIGSERIAL NOT NULL,
    "job_id" BIGINT NOT NULL,
    "line" BIGINT NOT NULL,
    "field" TEXT,
    "message" TEXT NOT NULL,
    "excerpt" TEXT,
    CONSTRAINT "ingest_error_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ingest_error_job_id_line_idx" ON "ingest_error"("job_id", "line");
ALTER TABLE "ingest_error" ADD CONSTRAINT "ingest_error_job_id_fkey"
    FOREIGN KEY ("job_id") REFERENCES "ingest_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- Dimension tables: telemetry stores compact integer ids, not names.
CREATE TABLE "node" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "node_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "node_name_key" ON "node"("name");

CREATE TABLE "model" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "model_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "model_name_key" ON "model"("name");

-- ───────────── telemetry (raw SQL only) ─────────────
-- Partitioned by UTC day; partitions are created on demand (lib/db/partitions.ts).
-- Every row carries the ingest job that stored it (corrections delete or replace by job).

-- A request: model_id 0 / source '' mean "not given".
CREATE TABLE request (
    request_key        uuid        NOT NULL,
    request_id         text        NOT NULL,
    arrived_at         timestamptz NOT NULL,
    model_id           integer     NOT NULL,
    source             text        NOT NULL,
    prefill_started_at timestamptz,
    first_token_at     timestamptz,
    finished_at        timestamptz,
    input_tokens       bigint      NOT NULL,
    cached_tokens      bigint      NOT NULL,
    output_tokens      bigint      NOT NULL,
    prefill_node_id    integer,
    prefill_gpu        smallint,
    decode_node_id     integer,
    decode_gpu         smallint,
    status             text,
    sample_weight      float8      NOT NULL,
    job_id             bigint      NOT NULL
) PARTITION BY RANGE (arrived_at);
CREATE INDEX request_arrived_brin ON request USING brin (arrived_at);

-- A unique index on a partitioned table must contain the partition key, so a request id is
-- made unique here, in a small unpartitioned key table (distributed by request_key on Citus).
CREATE TABLE request_key (
    request_key uuid        PRIMARY KEY,
    arrived_at  timestamptz NOT NULL
);

CREATE TABLE gpu_sample (
    ts                   timestamptz NOT NULL,
    interval_s           float8      NOT NULL,
    node_id              integer     NOT NULL,
    gpu                  smallint    NOT NULL,
    role                 text        NOT NULL,
    input_tokens         bigint,
    cached_tokens        bigint,
    output_tokens        bigint,
    requests             bigint,
    running_requests     bigint,
    kv_cache_tokens      bigint,
    kv_cache_capacity    bigint,
    dispatch_send_tokens bigint,
    dispatch_recv_tokens bigint,
    util_pct             float8,
    mem_used_bytes       bigint,
    power_w              float8,
    job_id               bigint      NOT NULL,
    CONSTRAINT gpu_sample_key UNIQUE (node_id, gpu, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX gpu_sample_ts_brin ON gpu_sample USING brin (ts);

CREATE TABLE node_event (
    ts        timestamptz NOT NULL,
    node_id   integer     NOT NULL,
    state     text        NOT NULL,
    gpu_type  text,
    gpu_count smallint,
    model_id  integer,
    job_id    bigint      NOT NULL,
    CONSTRAINT node_event_key UNIQUE (node_id, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE expert_load (
    ts         timestamptz NOT NULL,
    interval_s float8      NOT NULL,
    phase      text        NOT NULL,
    layer      smallint    NOT NULL,
    expert     smallint    NOT NULL,
    node_id    integer     NOT NULL,
    gpu        smallint    NOT NULL,
    tokens     bigint      NOT NULL,
    job_id     bigint      NOT NULL,
    CONSTRAINT expert_load_key UNIQUE (node_id, gpu, phase, layer, expert, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX expert_load_ts_brin ON expert_load USING brin (ts);

-- ───────────── rollups (kept in step with the rows in the same transaction) ─────────────
-- Per minute x node x role, from gpu_sample. A sample covering [ts - interval_s, ts) is split
-- over the minutes it overlaps: tokens by an integer split that sums back exactly, gauges as
-- value x seconds (divide by gpu_seconds for the time-weighted mean).
CREATE TABLE rollup_node_minute (
    bucket                timestamptz NOT NULL,
    node_id               integer     NOT NULL,
    role                  text        NOT NULL,
    samples               bigint      NOT NULL,
    gpu_mask              bigint      NOT NULL,  -- bit g set: GPU g reported (GPU count = popcount)
    gpu_seconds           float8      NOT NULL,
    input_tokens          bigint      NOT NULL,
    cached_tokens         bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    requests              bigint      NOT NULL,
    dispatch_send_tokens  bigint      NOT NULL,
    dispatch_recv_tokens  bigint      NOT NULL,
    running_requests_s    float8      NOT NULL,
    kv_cache_tokens_s     float8      NOT NULL,
    kv_cache_capacity_s   float8      NOT NULL,
    util_pct_s            float8      NOT NULL,
    power_w_s             float8      NOT NULL,
    token_seconds         float8      NOT NULL,  -- GPU-seconds whose samples carried token counters
    CONSTRAINT rollup_node_minute_pkey PRIMARY KEY (node_id, bucket, role)
);
CREATE INDEX rollup_node_minute_bucket ON rollup_node_minute (bucket);

-- Per minute x model x source, from requests, weighted by sample_weight.
CREATE TABLE rollup_request_minute (
    bucket         timestamptz NOT NULL,
    model_id       integer     NOT NULL,
    source         text        NOT NULL,
    requests       float8      NOT NULL,
    input_tokens   float8      NOT NULL,
    cached_tokens  float8      NOT NULL,
    output_tokens  float8      NOT NULL,
    kv_entries     float8      NOT NULL,  -- sum w*(O*I + O*(O-1)/2)
    speed_sum      float8      NOT NULL,  -- sum w*speed over requests with a speed
    speed_weight   float8      NOT NULL,
    ttft_ms_sum    float8      NOT NULL,
    ttft_weight    float8      NOT NULL,
    CONSTRAINT rollup_request_minute_pkey PRIMARY KEY (bucket, model_id, source)
);

-- Fixed log-scale histograms (lib/metrics/histogram.ts): metric 1 = TTFT ms, 2 = output speed tok/s.
CREATE TABLE rollup_request_hist (
    bucket   timestamptz NOT NULL,
    model_id integer     NOT NULL,
    source   text        NOT NULL,
    metric   smallint    NOT NULL,
    bin      smallint    NOT NULL,
    weight   float8      NOT NULL,
    CONSTRAINT rollup_request_hist_pkey PRIMARY KEY (bucket, model_id, source, metric, bin)
);
