import type pg from 'pg';
import { HIST_METRIC, type HistogramMetric } from '@/lib/metrics/histogram';
import type { TimeWindow } from '@/lib/time/window';


/** Weight per fixed log-scale bin of a request metric (TTFT ms, output speed), per step. */
export interface HistogramBin {
  at: number;
  bin: number;
  weight: number;
}

/** Σ rollup_request_hist_bins weights over [start, end), by step (default: the whole window) and bin. */
export async function getHistogram(pool: pg.Pool, window: TimeWindow, metric: HistogramMetric, stepMs?: number): Promise<HistogramBin[]> {
  const { rows } = await pool.query<HistogramBin>(
    `SELECT extract(epoch FROM date_bin(make_interval(secs => $3::float8 / 1000), bucket, to_timestamp($1::float8 / 1000)))::float8 * 1000 AS at,
            bin, sum(weight) AS weight
       FROM rollup_request_hist_bins
      WHERE metric = $4 AND bucket >= to_timestamp($1::float8 / 1000) AND bucket < to_timestamp($2::float8 / 1000)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [window.start, window.end, stepMs ?? window.end - window.start, HIST_METRIC[metric]],
  );
  return rows;
}
