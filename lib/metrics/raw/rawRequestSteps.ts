import type pg from 'pg';
import { MODEL_FILTER_SQL, stepParams } from '@/lib/metrics/queries/sql';
import type { MetricsFilter, RequestStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { KV_ENTRIES_SQL, SPEED_SQL, TTFT_SQL } from './requestSql';

/** getRequestSteps from the raw request rows. */
export async function rawRequestSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<RequestStep[]> {
  const { rows } = await pool.query<RequestStep>(
    `SELECT width_bucket(r.arrived_at, $1::timestamptz[]) - 1 AS step, m.name AS model, nullif(r.source, '') AS source,
            sum(r.sample_weight) AS requests, sum(r.sample_weight * r.input_tokens) AS "inputTokens",
            sum(r.sample_weight * r.cached_tokens) AS "cachedTokens", sum(r.sample_weight * r.output_tokens) AS "outputTokens",
            sum(r.sample_weight * ${KV_ENTRIES_SQL}) AS "kvEntries",
            coalesce(sum(r.sample_weight * ${SPEED_SQL}), 0) AS "speedSum",
            coalesce(sum(CASE WHEN ${SPEED_SQL} IS NOT NULL THEN r.sample_weight END), 0) AS "speedWeight",
            coalesce(sum(r.sample_weight * ${TTFT_SQL}), 0) AS "ttftMsSum",
            coalesce(sum(CASE WHEN r.first_token_at IS NOT NULL THEN r.sample_weight END), 0) AS "ttftWeight"
       FROM request r LEFT JOIN model m ON m.id = r.model_id
      WHERE r.arrived_at >= $2::timestamptz AND r.arrived_at < $3::timestamptz AND ${MODEL_FILTER_SQL('r.model_id', 4)}
      GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST`,
    [...stepParams(steps), filter.model ?? null],
  );
  return rows;
}
