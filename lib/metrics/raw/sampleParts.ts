/**
 * The raw-row twin of the rollups' arithmetic, in SQL: each gpu_sample split over the steps
 * ($1 edges) its interval [ts − interval_s, ts) overlaps, counters by the exact integer share
 * floor(x·(hi − start)/dur) − floor(x·(lo − start)/dur) in microseconds (the rollups' split,
 * which adds up over minutes to the same share of a step), gauges as value × seconds.
 * `where` narrows the samples (parameters from $4 on).
 */
export function samplePartsSql(where = 'TRUE'): string {
  return `w AS (SELECT $1::timestamptz[] AS edges, array_length($1::timestamptz[], 1) AS n),
  s AS (
    SELECT g.*, (extract(epoch FROM g.ts) * 1000000)::numeric AS end_us, round(g.interval_s * 1000000)::numeric AS dur_us
      FROM gpu_sample g
     WHERE g.ts > $2::timestamptz AND g.ts - g.interval_s * interval '1 second' < $3::timestamptz AND ${where}
  ),
  p AS (
    SELECT s.*, k - 1 AS step, s.end_us - s.dur_us AS start_us,
           greatest((extract(epoch FROM w.edges[k]) * 1000000)::numeric, s.end_us - s.dur_us) AS lo_us,
           least((extract(epoch FROM w.edges[k + 1]) * 1000000)::numeric, s.end_us) AS hi_us
      FROM s CROSS JOIN w,
           generate_series(greatest(1, width_bucket(s.ts - s.interval_s * interval '1 second', w.edges)),
                           least(w.n - 1, width_bucket(s.ts - interval '1 microsecond', w.edges))) AS k
  ),
  q AS (SELECT p.*, ((p.hi_us - p.lo_us) / 1000000)::float8 AS secs FROM p WHERE p.hi_us > p.lo_us)`;
}

/** A counter's exact share of the part (NULL counters count 0, as the rollups add nothing). */
export const SHARE_SQL = (column: string) =>
  `coalesce(floor(${column}::numeric * (q.hi_us - q.start_us) / q.dur_us) - floor(${column}::numeric * (q.lo_us - q.start_us) / q.dur_us), 0)`;

/** A gauge's value × seconds of the part. */
export const GAUGE_SQL = (column: string) => `coalesce(${column} * q.secs, 0)`;
