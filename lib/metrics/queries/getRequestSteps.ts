import type pg from 'pg';
import type { MetricsFilter, RequestStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, MODEL_FILTER_SQL, REQUEST_TIERS, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ w·(requests, tokens, KV entries O·I + O·(O−1)/2, speed, TTFT) per step, model and source, over requests arriving in the step. */
export async function getRequestSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<RequestStep[]> {
  const table = tieredSource(steps, REQUEST_TIERS, 'r');
  // Grouped by model id before the model's name is joined: hashing the ids of a day of minutes is a third of sorting them by name.
  const { rows } = await pool.query<RequestStep>(
    `SELECT s.step, m.name AS model, nullif(s.source, '') AS source, s.requests, s."inputTokens", s."cachedTokens", s."outputTokens",
            s."kvEntries", s."speedSum", s."speedWeight", s."ttftMsSum", s."ttftWeight"
       FROM (SELECT ${STEP_SQL('r.bucket')} AS step, r.model_id, r.source,
                    sum(r.requests) AS requests, sum(r.input_tokens) AS "inputTokens", sum(r.cached_tokens) AS "cachedTokens",
                    sum(r.output_tokens) AS "outputTokens", sum(r.kv_entries) AS "kvEntries",
                    sum(r.speed_sum) AS "speedSum", sum(r.speed_weight) AS "speedWeight",
                    sum(r.ttft_ms_sum) AS "ttftMsSum", sum(r.ttft_weight) AS "ttftWeight"
               FROM ${table}
              WHERE ${IN_WINDOW_SQL('r.bucket')} AND ${MODEL_FILTER_SQL('r.model_id', 4)}
              GROUP BY 1, 2, 3) s
       LEFT JOIN model m ON m.id = s.model_id
      ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST`,
    [...stepParams(steps), filter.model ?? null],
  );
  return rows;
}
