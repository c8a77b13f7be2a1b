import { NODE_FILTER_SQL } from '@/lib/metrics/queries/sql';
import { ATTENTION_SQL } from './attentionSql';
import { GAUGE_SQL, samplePartsSql, SHARE_SQL } from './sampleParts';

/** rollupGpuStepsSql from the raw gpu_sample rows. */
export const RAW_GPU_STEPS_SQL = `WITH ${samplePartsSql(`g.role = $5 AND ${NODE_FILTER_SQL('g.node_id', 4)}`)}
  SELECT step, node_id, gpu, sum(secs) AS gpu_seconds, sum(${SHARE_SQL('input_tokens')})::float8 AS input_tokens,
         sum(${SHARE_SQL('output_tokens')})::float8 AS output_tokens, sum(${SHARE_SQL('dispatch_recv_tokens')})::float8 AS dispatch_recv_tokens,
         sum(${GAUGE_SQL('running_requests')}) AS running_requests_s, sum(${GAUGE_SQL('kv_cache_tokens')}) AS kv_cache_tokens_s,
         sum(${GAUGE_SQL('kv_cache_capacity')}) AS kv_cache_capacity_s
    FROM q GROUP BY 1, 2, 3`;

/** ROLLUP_ATTENTION_STEPS_SQL from the raw request rows. */
export const RAW_ATTENTION_STEPS_SQL = `SELECT width_bucket(bucket, $1::timestamptz[]) - 1 AS step, node_id, gpu, sum(attention) AS attention
    FROM (${ATTENTION_SQL}) a WHERE bucket >= $2::timestamptz AND bucket < $3::timestamptz AND ${NODE_FILTER_SQL('node_id', 4)} GROUP BY 1, 2, 3`;
