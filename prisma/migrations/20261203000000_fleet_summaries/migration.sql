-- Fleet views (issue 4): summaries that keep the load-balance and freshness reads small.

-- Per hour, role and balancer objective: the sum of the load-imbalance ratios (max / mean over
-- GPUs) of the sample intervals starting in the hour, and how many. Recomputed from
-- rollup_balance_slot for the hours a batch touched (a slot's max and mean change as GPUs arrive).
CREATE TABLE rollup_balance_hour (
    bucket     timestamptz NOT NULL,
    role       text        NOT NULL,
    objective  text        NOT NULL,
    ratio_sum  float8      NOT NULL,
    intervals  bigint      NOT NULL,
    CONSTRAINT rollup_balance_hour_pkey PRIMARY KEY (bucket, role, objective)
);

INSERT INTO rollup_balance_hour
SELECT date_trunc('hour', b.slot, 'UTC'), b.role, o.objective, sum(o.mx / (o.total / o.n)), count(*)
  FROM rollup_balance_slot b,
       LATERAL (VALUES ('input', b.input_n, b.input_sum, b.input_max), ('kv', b.kv_n, b.kv_sum, b.kv_max),
                       ('running', b.running_n, b.running_sum, b.running_max), ('recv', b.recv_n, b.recv_sum, b.recv_max)
               ) AS o(objective, n, total, mx)
 WHERE o.n > 0 AND o.total > 0
 GROUP BY 1, 2, 3;

-- The newest data of each node in each role: the end of its last minute in rollup_node_minute.
CREATE TABLE rollup_node_last (
    node_id  integer     NOT NULL,
    role     text        NOT NULL,
    last_at  timestamptz NOT NULL,
    CONSTRAINT rollup_node_last_pkey PRIMARY KEY (node_id, role)
);

INSERT INTO rollup_node_last
SELECT node_id, role, max(bucket) + interval '1 minute' FROM rollup_node_minute GROUP BY 1, 2;
