import type pg from 'pg';
import { stepParams } from '@/lib/metrics/queries/sql';
import { MIN_SAMPLED_PER_GPU, type BalanceStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { ATTENTION_SQL } from './attentionSql';

/** getAttentionBalanceSteps from the raw request rows. */
export async function rawAttentionBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const { rows } = await pool.query<BalanceStep>(
    `SELECT width_bucket(bucket, $1::timestamptz[]) - 1 AS step, 'prefill' AS role, 'attention' AS objective,
            coalesce(sum(mx / mean) FILTER (WHERE enough), 0) AS "ratioSum", count(*) FILTER (WHERE enough)::int AS intervals,
            count(*) FILTER (WHERE NOT enough)::int AS thin, sum(n)::float8 AS sampled
       FROM (SELECT bucket, max(attention) AS mx, avg(attention) AS mean, sum(sampled) AS n, sum(sampled) >= $4 * count(*) AS enough
               FROM (${ATTENTION_SQL}) a
              WHERE bucket >= $2::timestamptz AND bucket < $3::timestamptz GROUP BY bucket) per
      WHERE mean > 0
      GROUP BY 1 ORDER BY 1`,
    [...stepParams(steps), MIN_SAMPLED_PER_GPU],
  );
  return rows;
}
