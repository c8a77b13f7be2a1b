import type pg from 'pg';
import type { TimeWindow } from '@/lib/time/window';

/** Weighted request sums per step, model and source, from rollup_request_minute. */
export interface RequestAggregate {
  at: number;
  model: string | null;
  source: string | null;
  requests: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** Σ w·(O·I + O·(O−1)/2): KV entries seen by all output tokens. */
  kvEntries: number;
  speedSum: number;
  speedWeight: number;
  ttftMsSum: number;
  ttftWeight: number;
}

/** Σ over requests arriving in [start, end), by step (default: the whole window), model and source. */
export async function getRequestAggregates(pool: pg.Pool, window: TimeWindow, stepMs?: number): Promise<RequestAggregate[]> {
  const { rows } = await pool.query<RequestAggregate>(
    `SELECT extract(epoch FROM date_bin(make_interval(secs => $3::float8 / 1000), r.bucket, to_timestamp($1::float8 / 1000)))::float8 * 1000 AS at,
            m.name AS model, nullif(r.source, '') AS source,
            sum(r.requests) AS requests, sum(r.input_tokens) AS "inputTokens", sum(r.cached_tokens) AS "cachedTokens",
            sum(r.output_tokens) AS "outputTokens", sum(r.kv_entries) AS "kvEntries",
            sum(r.speed_sum) AS "speedSum", sum(r.speed_weight) AS "speedWeight",
            sum(r.ttft_ms_sum) AS "ttftMsSum", sum(r.ttft_weight) AS "ttftWeight"
       FROM rollup_request_minute r LEFT JOIN model m ON m.id = r.model_id
      WHERE r.bucket >= to_timestamp($1::float8 / 1000) AND r.bucket < to_timestamp($2::float8 / 1000)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [window.start, window.end, stepMs ?? window.end - window.start],
  );
  return rows;
}
