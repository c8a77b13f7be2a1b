import type pg from 'pg';
import type { BalanceStep } from '@/lib/metrics/rows';
import { hourSpan, type Steps } from '@/lib/metrics/steps';
import { STEP_SQL, stepParams, ts } from './sql';

/** Per slot in [lo, hi): max ÷ mean over GPUs for each objective. */
const slotRatios = (lo: string, hi: string) => `
  SELECT ${STEP_SQL('b.slot')} AS step, b.role, o.objective, o.mx / (o.total / o.n) AS ratio_sum, 1 AS intervals
    FROM rollup_balance_slot b,
         LATERAL (VALUES ('input', b.input_n, b.input_sum, b.input_max), ('kv', b.kv_n, b.kv_sum, b.kv_max),
                         ('running', b.running_n, b.running_sum, b.running_max), ('recv', b.recv_n, b.recv_sum, b.recv_max)
                 ) AS o(objective, n, total, mx)
   WHERE b.slot >= ${lo} AND b.slot < ${hi} AND o.n > 0 AND o.total > 0`;

/**
 * Load imbalance = max over GPUs ÷ mean over GPUs per sample interval; per step Σ of the interval
 * ratios and their count (mean = Σ ÷ count): whole hours from rollup_balance_hour, the rest per slot.
 */
export async function getBalanceSteps(pool: pg.Pool, steps: Steps): Promise<BalanceStep[]> {
  const hours = hourSpan(steps);
  const parts = hours
    ? [
        `SELECT ${STEP_SQL('bucket')} AS step, role, objective, ratio_sum, intervals FROM rollup_balance_hour
          WHERE bucket >= ${ts(hours.start)} AND bucket < ${ts(hours.end)}`,
        slotRatios('$2::timestamptz', ts(hours.start)),
        slotRatios(ts(hours.end), '$3::timestamptz'),
      ]
    : [slotRatios('$2::timestamptz', '$3::timestamptz')];
  const { rows } = await pool.query<BalanceStep>(
    `SELECT step, role, objective, sum(ratio_sum) AS "ratioSum", sum(intervals)::int AS intervals
       FROM (${parts.join(' UNION ALL ')}) p
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    stepParams(steps),
  );
  return rows;
}
