/**
 * expert_load rows split exactly over the window [$1, $2) (whole hours), as the hour rollups
 * split them: the tokens of [max(start, $1), min(end, $2)) by the integer share.
 */
export const EXPERT_PARTS_SQL = `WITH s AS (
    SELECT e.*, (extract(epoch FROM e.ts) * 1000000)::numeric AS end_us, round(e.interval_s * 1000000)::numeric AS dur_us,
           (extract(epoch FROM to_timestamp($1::float8 / 1000)) * 1000000)::numeric AS w_lo,
           (extract(epoch FROM to_timestamp($2::float8 / 1000)) * 1000000)::numeric AS w_hi
      FROM expert_load e
     WHERE e.ts > to_timestamp($1::float8 / 1000) AND e.ts - e.interval_s * interval '1 second' < to_timestamp($2::float8 / 1000)
  ), q AS (
    SELECT s.*, s.end_us - s.dur_us AS start_us, greatest(s.w_lo, s.end_us - s.dur_us) AS lo_us, least(s.w_hi, s.end_us) AS hi_us FROM s
  )`;

export const EXPERT_SHARE_SQL = `floor(q.tokens::numeric * (q.hi_us - q.start_us) / q.dur_us) - floor(q.tokens::numeric * (q.lo_us - q.start_us) / q.dur_us)`;
