-- How many sampled request rows back each prefill GPU's attention load per 10 minutes, so that an
-- imbalance computed from a handful of sampled requests is shown as too few to tell from noise.
ALTER TABLE rollup_gpu_attention_10min ADD COLUMN sampled bigint NOT NULL DEFAULT 0;

UPDATE rollup_gpu_attention_10min a
   SET sampled = c.n
  FROM (SELECT date_bin('10 minutes', arrived_at, timestamptz '2000-01-01 00:00:00+00') AS bucket, prefill_node_id, prefill_gpu, count(*) AS n
          FROM request WHERE prefill_node_id IS NOT NULL AND prefill_gpu IS NOT NULL GROUP BY 1, 2, 3) c
 WHERE a.bucket = c.bucket AND a.node_id = c.prefill_node_id AND a.gpu = c.prefill_gpu;
