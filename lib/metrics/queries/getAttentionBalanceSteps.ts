import type pg from 'pg';
import type { BalanceStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, STEP_SQL, stepParams } from './sql';

/** Prefill attention imbalance = max ÷ mean over GPUs of Σ w·(I − C)·I per 10 minutes (GPUs that prefilled sampled requests); Σ of ratios per step. */
export async function getAttentionBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const { rows } = await pool.query<BalanceStep>(
    `SELECT ${STEP_SQL('bucket')} AS step, 'prefill' AS role, 'attention' AS objective, sum(mx / mean) AS "ratioSum", count(*)::int AS intervals
       FROM (SELECT bucket, max(attention) AS mx, avg(attention) AS mean
               FROM rollup_gpu_attention_10min WHERE ${IN_WINDOW_SQL('bucket')} GROUP BY bucket) per
      WHERE mean > 0
      GROUP BY 1 ORDER BY 1`,
    stepParams(steps),
  );
  return rows;
}
