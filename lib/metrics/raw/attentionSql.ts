/** Per 10-minute bucket and prefill GPU, Σ w·(I − C)·I over requests arriving around the window ($2, $3: callers keep the buckets inside it) that name their prefill GPU. */
export const ATTENTION_SQL = `SELECT date_bin('10 minutes', r.arrived_at, timestamptz '2000-01-01 00:00:00+00') AS bucket, r.prefill_node_id AS node_id,
         r.prefill_gpu AS gpu, sum(r.sample_weight * (r.input_tokens - r.cached_tokens)::float8 * r.input_tokens) AS attention, count(*) AS sampled
    FROM request r
   WHERE r.arrived_at >= $2::timestamptz - interval '10 minutes' AND r.arrived_at < $3::timestamptz + interval '10 minutes' AND r.prefill_node_id IS NOT NULL AND r.prefill_gpu IS NOT NULL
   GROUP BY 1, 2, 3`;
