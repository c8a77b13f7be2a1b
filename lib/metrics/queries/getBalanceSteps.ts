import type pg from 'pg';
import type { BalanceStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, STEP_SQL, stepParams } from './sql';

/** Load imbalance = max over GPUs ÷ mean over GPUs per sample interval; per step Σ of the interval ratios and their count (mean = Σ ÷ count). */
export async function getBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const { rows } = await pool.query<BalanceStep>(
    `SELECT ${STEP_SQL('b.slot')} AS step, b.role, o.objective, sum(o.mx / (o.total / o.n)) AS "ratioSum", count(*)::int AS intervals
       FROM rollup_balance_slot b,
            LATERAL (VALUES ('input', b.input_n, b.input_sum, b.input_max), ('kv', b.kv_n, b.kv_sum, b.kv_max),
                            ('running', b.running_n, b.running_sum, b.running_max), ('recv', b.recv_n, b.recv_sum, b.recv_max)
                    ) AS o(objective, n, total, mx)
      WHERE ${IN_WINDOW_SQL('b.slot')} AND o.n > 0 AND o.total > 0
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    stepParams(steps),
  );
  return rows;
}
