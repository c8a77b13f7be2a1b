import type { Db } from '@/lib/db/client';

/**
 * What an ingest left stored, as tests compare it between two databases: raw rows, request keys
 * and both rollups' sums. Equal totals mean nothing was lost or stored twice.
 */
export async function getStoredTotals(db: Db) {
  const one = async (sql: string) => (await db.pool.query(sql)).rows[0];
  return {
    requests: await one('SELECT count(*)::int AS n, sum(input_tokens)::bigint AS input FROM request'),
    keys: await one('SELECT count(*)::int AS n FROM request_key'),
    samples: await one('SELECT count(*)::int AS n, sum(output_tokens)::bigint AS output FROM gpu_sample'),
    nodeRollup: await one('SELECT sum(output_tokens)::bigint AS output, sum(samples)::int AS samples, sum(kv_cache_tokens_s) AS kv FROM rollup_node_minute'),
    requestRollup: await one('SELECT sum(requests) AS n, sum(input_tokens) AS input, sum(kv_entries) AS kv FROM rollup_request_minute'),
  };
}
