import type pg from 'pg';
import { stepParams } from '@/lib/metrics/queries/sql';
import type { BalanceStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';

/** getBalanceSteps from the raw gpu_sample rows: slots = samples ending in the same interval-aligned slot. */
export async function rawBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const { rows } = await pool.query<BalanceStep>(
    `WITH s AS (
       SELECT to_timestamp((ceil(extract(epoch FROM g.ts)::float8 * 1000 / round(g.interval_s * 1000)) * round(g.interval_s * 1000)
                            - round(g.interval_s * 1000)) / 1000) AS slot,
              g.role, g.input_tokens / g.interval_s AS input, g.kv_cache_tokens::float8 AS kv,
              g.running_requests::float8 AS running, g.dispatch_recv_tokens / g.interval_s AS recv
         FROM gpu_sample g
        WHERE g.ts > $2::timestamptz AND g.ts < $3::timestamptz + interval '1 day'
     ), b AS (
       SELECT slot, role, count(input) AS input_n, sum(input) AS input_sum, max(input) AS input_max,
              count(kv) AS kv_n, sum(kv) AS kv_sum, max(kv) AS kv_max, count(running) AS running_n, sum(running) AS running_sum,
              max(running) AS running_max, count(recv) AS recv_n, sum(recv) AS recv_sum, max(recv) AS recv_max
         FROM s WHERE slot >= $2::timestamptz AND slot < $3::timestamptz GROUP BY 1, 2
     )
     SELECT width_bucket(b.slot, $1::timestamptz[]) - 1 AS step, b.role, o.objective, sum(o.mx / (o.total / o.n)) AS "ratioSum", count(*)::int AS intervals
       FROM b, LATERAL (VALUES ('input', b.input_n, b.input_sum, b.input_max), ('kv', b.kv_n, b.kv_sum, b.kv_max),
                               ('running', b.running_n, b.running_sum, b.running_max), ('recv', b.recv_n, b.recv_sum, b.recv_max)
                       ) AS o(objective, n, total, mx)
      WHERE o.n > 0 AND o.total > 0
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    stepParams(steps),
  );
  return rows;
}
