/**
 * The raw-row twin of the rollups' arithmetic, in SQL: each gpu_sample split over the steps
 * ($1 edges) its interval [ts − interval_s, ts) overlaps, counters by the exact integer share
 * floor(x·(hi − start)/dur) − floor(x·(lo − start)/dur) in microseconds (the rollups' split,
 * which adds up over minutes to the same share of a step), gauges as value × seconds.
 * `where` narrows the samples (parameters from $4 on).
 */
export function samplePartsSql(where = 'TRUE'): string {
  return `w AS (
    SELECT array(SELECT round(date_part('epoch', e) * 1000000)::bigint FROM unnest($1::timestamptz[]) AS e) AS edges,
           array_length($1::timestamptz[], 1) AS n
  ),
  s AS (
    SELECT g.*, round(date_part('epoch', g.ts) * 1000000)::bigint AS end_us, round(g.interval_s * 1000000)::bigint AS dur_us
      FROM gpu_sample g
     WHERE g.ts > $2::timestamptz AND g.ts - g.interval_s * interval '1 second' < $3::timestamptz AND ${where}
  ),
  p AS (
    SELECT s.*, k - 1 AS step, s.end_us - s.dur_us AS start_us,
           greatest(w.edges[k], s.end_us - s.dur_us) AS lo_us, least(w.edges[k + 1], s.end_us) AS hi_us
      FROM s CROSS JOIN w,
           generate_series(greatest(1, width_bucket(s.end_us - s.dur_us, w.edges)), least(w.n - 1, width_bucket(s.end_us - 1, w.edges))) AS k
  ),
  q AS (SELECT p.*, (p.hi_us - p.lo_us) / 1e6::float8 AS secs FROM p WHERE p.hi_us > p.lo_us)`;
}

/** A counter's exact share of the part (NULL counters count 0, as the rollups add nothing); a whole sample counts whole. */
export const SHARE_SQL = (column: string) =>
  `coalesce(CASE WHEN q.lo_us = q.start_us AND q.hi_us = q.end_us THEN ${column}
                 ELSE floor(${column}::numeric * (q.hi_us - q.start_us) / q.dur_us) - floor(${column}::numeric * (q.lo_us - q.start_us) / q.dur_us) END, 0)`;

/** A gauge's value × seconds of the part. */
export const GAUGE_SQL = (column: string) => `coalesce(${column} * q.secs, 0)`;

/** A sample's joules in the part: its energy counter by overlap where it has one, else power × seconds (NodeMinuteRollup). */
export const ENERGY_SQL = `CASE WHEN q.energy_j IS NOT NULL THEN q.energy_j * q.secs / q.interval_s ELSE coalesce(q.power_w * q.secs, 0) END`;
