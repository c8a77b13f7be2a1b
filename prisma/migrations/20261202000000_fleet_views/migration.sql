-- Fleet views (issue 4): the rollups the dashboard reads besides the minute ones, and the
-- expert-parallel load balancer's settings per role.

-- ───────────── hour tier of the minute rollups ─────────────
-- The same sums over whole UTC hours: a view whose steps are whole hours reads 60 times fewer
-- rows. Kept in step with the minute tables on ingest (lib/db/ingest/viewRollups.ts).
CREATE TABLE rollup_node_hour (
    bucket                timestamptz NOT NULL,
    node_id               integer     NOT NULL,
    role                  text        NOT NULL,
    samples               bigint      NOT NULL,
    gpu_mask              bigint      NOT NULL,
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
    token_seconds         float8      NOT NULL,
    CONSTRAINT rollup_node_hour_pkey PRIMARY KEY (node_id, bucket, role)
);
CREATE INDEX rollup_node_hour_bucket ON rollup_node_hour (bucket);

CREATE TABLE rollup_request_hour (
    bucket         timestamptz NOT NULL,
    model_id       integer     NOT NULL,
    source         text        NOT NULL,
    requests       float8      NOT NULL,
    input_tokens   float8      NOT NULL,
    cached_tokens  float8      NOT NULL,
    output_tokens  float8      NOT NULL,
    kv_entries     float8      NOT NULL,
    speed_sum      float8      NOT NULL,
    speed_weight   float8      NOT NULL,
    ttft_ms_sum    float8      NOT NULL,
    ttft_weight    float8      NOT NULL,
    CONSTRAINT rollup_request_hour_pkey PRIMARY KEY (bucket, model_id, source)
);

-- metric 3 = KV-cache length seen by each output token (weight: weighted output tokens).
CREATE TABLE rollup_request_hist_hour (
    bucket   timestamptz NOT NULL,
    model_id integer     NOT NULL,
    source   text        NOT NULL,
    metric   smallint    NOT NULL,
    bin      smallint    NOT NULL,
    weight   float8      NOT NULL,
    CONSTRAINT rollup_request_hist_hour_pkey PRIMARY KEY (bucket, model_id, source, metric, bin)
);

-- Databases that already hold data get their hour tier from the minute rows (exact: sums).
INSERT INTO rollup_node_hour
SELECT date_trunc('hour', bucket, 'UTC'), node_id, role, sum(samples), bit_or(gpu_mask), sum(gpu_seconds),
       sum(input_tokens), sum(cached_tokens), sum(output_tokens), sum(requests), sum(dispatch_send_tokens),
       sum(dispatch_recv_tokens), sum(running_requests_s), sum(kv_cache_tokens_s), sum(kv_cache_capacity_s),
       sum(util_pct_s), sum(power_w_s), sum(token_seconds)
  FROM rollup_node_minute GROUP BY 1, 2, 3;
INSERT INTO rollup_request_hour
SELECT date_trunc('hour', bucket, 'UTC'), model_id, source, sum(requests), sum(input_tokens), sum(cached_tokens),
       sum(output_tokens), sum(kv_entries), sum(speed_sum), sum(speed_weight), sum(ttft_ms_sum), sum(ttft_weight)
  FROM rollup_request_minute GROUP BY 1, 2, 3;
INSERT INTO rollup_request_hist_hour
SELECT date_trunc('hour', bucket, 'UTC'), model_id, source, metric, bin, sum(weight)
  FROM rollup_request_hist GROUP BY 1, 2, 3, 4, 5;

-- ───────────── per GPU ─────────────
-- Per GPU x role, over 10-minute and hour buckets (a sample split over the buckets it overlaps,
-- as in rollup_node_minute): load-balance heatmaps, stragglers, KV usage against capacity.
CREATE TABLE rollup_gpu_10min (
    bucket                timestamptz NOT NULL,
    node_id               integer     NOT NULL,
    gpu                   smallint    NOT NULL,
    role                  text        NOT NULL,
    gpu_seconds           float8      NOT NULL,
    input_tokens          bigint      NOT NULL,
    cached_tokens         bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    requests              bigint      NOT NULL,
    dispatch_recv_tokens  bigint      NOT NULL,
    running_requests_s    float8      NOT NULL,
    kv_cache_tokens_s     float8      NOT NULL,
    kv_cache_capacity_s   float8      NOT NULL,
    CONSTRAINT rollup_gpu_10min_pkey PRIMARY KEY (node_id, bucket, gpu, role)
);
CREATE INDEX rollup_gpu_10min_bucket ON rollup_gpu_10min (bucket);

CREATE TABLE rollup_gpu_hour (
    bucket                timestamptz NOT NULL,
    node_id               integer     NOT NULL,
    gpu                   smallint    NOT NULL,
    role                  text        NOT NULL,
    gpu_seconds           float8      NOT NULL,
    input_tokens          bigint      NOT NULL,
    cached_tokens         bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    requests              bigint      NOT NULL,
    dispatch_recv_tokens  bigint      NOT NULL,
    running_requests_s    float8      NOT NULL,
    kv_cache_tokens_s     float8      NOT NULL,
    kv_cache_capacity_s   float8      NOT NULL,
    CONSTRAINT rollup_gpu_hour_pkey PRIMARY KEY (node_id, bucket, gpu, role)
);
CREATE INDEX rollup_gpu_hour_bucket ON rollup_gpu_hour (bucket);

-- Prefill core-attention load per GPU (from requests that name their prefill GPU, weighted):
-- sum w * (input - cached) * input over requests arriving in the 10 minutes.
CREATE TABLE rollup_gpu_attention_10min (
    bucket     timestamptz NOT NULL,
    node_id    integer     NOT NULL,
    gpu        smallint    NOT NULL,
    attention  float8      NOT NULL,
    new_tokens float8      NOT NULL,
    requests   float8      NOT NULL,
    CONSTRAINT rollup_gpu_attention_10min_pkey PRIMARY KEY (node_id, bucket, gpu)
);
CREATE INDEX rollup_gpu_attention_10min_bucket ON rollup_gpu_attention_10min (bucket);

-- ───────────── load imbalance per sample interval ─────────────
-- Per interval (samples ending in the same interval-aligned slot) and role: per objective the
-- number of GPUs, the sum and the max of their per-second value. max / (sum / n) is the
-- interval's imbalance; merging batches is sum and greatest, so the order of ingest is free.
-- Fleet-wide, not per node (the max is over all GPUs of the role): on Citus, a reference table.
CREATE TABLE rollup_balance_slot (
    slot         timestamptz NOT NULL,
    role         text        NOT NULL,
    input_n      bigint      NOT NULL,
    input_sum    float8      NOT NULL,
    input_max    float8      NOT NULL,
    kv_n         bigint      NOT NULL,
    kv_sum       float8      NOT NULL,
    kv_max       float8      NOT NULL,
    running_n    bigint      NOT NULL,
    running_sum  float8      NOT NULL,
    running_max  float8      NOT NULL,
    recv_n       bigint      NOT NULL,
    recv_sum     float8      NOT NULL,
    recv_max     float8      NOT NULL,
    CONSTRAINT rollup_balance_slot_pkey PRIMARY KEY (slot, role)
);

-- ───────────── expert load per hour ─────────────
-- Tokens per logical expert (all GPUs), and per GPU (all its experts), per phase and MoE layer.
CREATE TABLE rollup_expert_hour (
    bucket  timestamptz NOT NULL,
    phase   text        NOT NULL,
    layer   smallint    NOT NULL,
    expert  smallint    NOT NULL,
    tokens  bigint      NOT NULL,
    CONSTRAINT rollup_expert_hour_pkey PRIMARY KEY (phase, layer, bucket, expert)
);

CREATE TABLE rollup_expert_gpu_hour (
    bucket  timestamptz NOT NULL,
    node_id integer     NOT NULL,
    gpu     smallint    NOT NULL,
    phase   text        NOT NULL,
    layer   smallint    NOT NULL,
    tokens  bigint      NOT NULL,
    CONSTRAINT rollup_expert_gpu_hour_pkey PRIMARY KEY (node_id, bucket, gpu, phase, layer)
);
CREATE INDEX rollup_expert_gpu_hour_layer ON rollup_expert_gpu_hour (phase, layer, bucket);

-- ───────────── expert-parallel load balancer settings (prisma/schema.prisma) ─────────────
-- One unit of a role: expert groups, nodes, GPUs and redundant expert slots. DeepSeek's
-- prefill unit is 4 nodes (32 GPUs, 32 redundant); decode 18 nodes (144 GPUs, 32 redundant).
CREATE TABLE "expert_balancer_setting" (
    "role"       TEXT         NOT NULL,
    "groups"     INTEGER      NOT NULL,
    "nodes"      INTEGER      NOT NULL,
    "gpus"       INTEGER      NOT NULL,
    "redundant"  INTEGER      NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "expert_balancer_setting_pkey" PRIMARY KEY ("role")
);
INSERT INTO "expert_balancer_setting" ("role", "groups", "nodes", "gpus", "redundant") VALUES
    ('prefill', 8, 4, 32, 32),
    ('decode', 8, 18, 144, 32);
