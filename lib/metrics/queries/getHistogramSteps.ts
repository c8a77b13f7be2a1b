import type pg from 'pg';
import { HIST_METRIC, type HistogramMetric } from '@/lib/metrics/histogram';
import type { HistStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { HIST_TIERS, IN_WINDOW_SQL, MODEL_FILTER_SQL, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ w per fixed log bin (20 per decade) of a request distribution (TTFT, output speed, KV length per output token), per step. */
export async function getHistogramSteps(pool: pg.Pool, steps: Steps, metric: HistogramMetric, filter: MetricsFilter): Promise<HistStep[]> {
  const table = tieredSource(steps, HIST_TIERS);
  const { rows } = await pool.query<HistStep>(
    `SELECT ${STEP_SQL('bucket')} AS step, bin, sum(weight) AS weight
       FROM ${table}
      WHERE metric = $5 AND ${IN_WINDOW_SQL('bucket')} AND ${MODEL_FILTER_SQL('model_id', 4)}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [...stepParams(steps), filter.model ?? null, HIST_METRIC[metric]],
  );
  return rows;
}
