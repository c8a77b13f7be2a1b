import type pg from 'pg';
import { MIN_SAMPLED_PER_GPU, type BalanceStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, STEP_SQL, stepParams } from './sql';

/**
 * Prefill attention imbalance = max ÷ mean over GPUs of Σ w·(I − C)·I per 10 minutes (GPUs that
 * prefilled sampled requests); Σ of ratios per step over the intervals with enough sampled
 * requests per GPU ($4), the others counted as thin.
 */
export async function getAttentionBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const { rows } = await pool.query<BalanceStep>(
    `SELECT ${STEP_SQL('bucket')} AS step, 'prefill' AS role, 'attention' AS objective,
            coalesce(sum(mx / mean) FILTER (WHERE enough), 0) AS "ratioSum", count(*) FILTER (WHERE enough)::int AS intervals,
            count(*) FILTER (WHERE NOT enough)::int AS thin, sum(n)::float8 AS sampled
       FROM (SELECT bucket, max(attention) AS mx, avg(attention) AS mean, sum(sampled) AS n, sum(sampled) >= $4 * count(*) AS enough
               FROM rollup_gpu_attention_10min WHERE ${IN_WINDOW_SQL('bucket')} GROUP BY bucket) per
      WHERE mean > 0
      GROUP BY 1 ORDER BY 1`,
    [...stepParams(steps), MIN_SAMPLED_PER_GPU],
  );
  return rows;
}
