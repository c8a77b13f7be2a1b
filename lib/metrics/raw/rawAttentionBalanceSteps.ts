import type pg from 'pg';
import { stepParams } from '@/lib/metrics/queries/sql';
import type { BalanceStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { ATTENTION_SQL } from './attentionSql';

/** getAttentionBalanceSteps from the raw request rows. */
export async function rawAttentionBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const { rows } = await pool.query<BalanceStep>(
    `SELECT width_bucket(bucket, $1::timestamptz[]) - 1 AS step, 'prefill' AS role, 'attention' AS objective, sum(mx / mean) AS "ratioSum", count(*)::int AS intervals
       FROM (SELECT bucket, max(attention) AS mx, avg(attention) AS mean FROM (${ATTENTION_SQL}) a
              WHERE bucket >= $2::timestamptz AND bucket < $3::timestamptz GROUP BY bucket) per
      WHERE mean > 0
      GROUP BY 1 ORDER BY 1`,
    stepParams(steps),
  );
  return rows;
}
