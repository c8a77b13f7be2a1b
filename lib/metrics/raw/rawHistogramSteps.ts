import type pg from 'pg';
import { kvLengthBinStarts } from '@/lib/db/ingest/viewRollups';
import type { HistogramMetric } from '@/lib/metrics/histogram';
import { MODEL_FILTER_SQL, stepParams } from '@/lib/metrics/queries/sql';
import type { HistStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { BIN_SQL, SPEED_SQL, TTFT_SQL } from './requestSql';

const WHERE = `r.arrived_at >= $2::timestamptz AND r.arrived_at < $3::timestamptz AND ${MODEL_FILTER_SQL('r.model_id', 4)}`;

/** Each output token k (from 0) sees I + k entries: the tokens of [max(I, 1), I + O − 1] in each bin ($5: first integer of each bin 0…). */
const KV_SQL = `SELECT width_bucket(r.arrived_at, $1::timestamptz[]) - 1 AS step, b AS bin,
         sum(r.sample_weight * (least(r.input_tokens + r.output_tokens - 1, coalesce(($5::bigint[])[b + 2], 'Infinity'::float8) - 1)
                                - greatest(greatest(r.input_tokens, 1), ($5::bigint[])[b + 1]) + 1)) AS weight
    FROM request r,
         generate_series(${BIN_SQL('greatest(r.input_tokens, 1)')}, ${BIN_SQL('greatest(r.input_tokens + r.output_tokens - 1, 1)')}) AS b
   WHERE ${WHERE} AND r.input_tokens + r.output_tokens - 1 >= greatest(r.input_tokens, 1)
   GROUP BY 1, 2`;

/** getHistogramSteps from the raw request rows. */
export async function rawHistogramSteps(pool: pg.Pool, steps: Steps, metric: HistogramMetric, filter: MetricsFilter): Promise<HistStep[]> {
  const value = metric === 'ttftMs' ? TTFT_SQL : SPEED_SQL;
  const sql = metric === 'kvLength'
    ? KV_SQL
    : `SELECT width_bucket(r.arrived_at, $1::timestamptz[]) - 1 AS step, ${BIN_SQL('v')} AS bin, sum(r.sample_weight) AS weight
         FROM request r, LATERAL (SELECT ${value} AS v) x
        WHERE ${WHERE} AND x.v > 0
        GROUP BY 1, 2`;
  const params = [...stepParams(steps), filter.model ?? null, ...(metric === 'kvLength' ? [kvLengthBinStarts()] : [])];
  const { rows } = await pool.query<HistStep>(`SELECT * FROM (${sql}) h WHERE weight > 0 ORDER BY 1, 2`, params);
  return rows;
}
