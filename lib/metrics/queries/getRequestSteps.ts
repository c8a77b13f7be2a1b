import type pg from 'pg';
import type { MetricsFilter, RequestStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, MODEL_FILTER_SQL, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ w·(requests, tokens, KV entries O·I + O·(O−1)/2, speed, TTFT) per step, model and source, over requests arriving in the step. */
export async function getRequestSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<RequestStep[]> {
  const table = tieredSource(steps, 'rollup_request_hour', 'rollup_request_minute', 'r');
  const { rows } = await pool.query<RequestStep>(
    `SELECT ${STEP_SQL('r.bucket')} AS step, m.name AS model, nullif(r.source, '') AS source,
            sum(r.requests) AS requests, sum(r.input_tokens) AS "inputTokens", sum(r.cached_tokens) AS "cachedTokens",
            sum(r.output_tokens) AS "outputTokens", sum(r.kv_entries) AS "kvEntries",
            sum(r.speed_sum) AS "speedSum", sum(r.speed_weight) AS "speedWeight",
            sum(r.ttft_ms_sum) AS "ttftMsSum", sum(r.ttft_weight) AS "ttftWeight"
       FROM ${table} LEFT JOIN model m ON m.id = r.model_id
      WHERE ${IN_WINDOW_SQL('r.bucket')} AND ${MODEL_FILTER_SQL('r.model_id', 4)}
      GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST`,
    [...stepParams(steps), filter.model ?? null],
  );
  return rows;
}
