/** Per request, the values the rollups add (docs/design.md "Request distributions"), in SQL over `request r`. */
export const SPEED_SQL = `CASE WHEN r.output_tokens >= 2 AND r.first_token_at IS NOT NULL AND r.finished_at > r.first_token_at
  THEN (r.output_tokens - 1) * 1000.0 / (extract(epoch FROM r.finished_at)::float8 * 1000 - extract(epoch FROM r.first_token_at)::float8 * 1000) END`;
export const TTFT_SQL = `CASE WHEN r.first_token_at IS NOT NULL
  THEN extract(epoch FROM r.first_token_at)::float8 * 1000 - extract(epoch FROM r.arrived_at)::float8 * 1000 END`;
/** KV entries seen by the output tokens: O·I + O·(O−1)/2. */
export const KV_ENTRIES_SQL = `(r.output_tokens::float8 * r.input_tokens + r.output_tokens::float8 * (r.output_tokens - 1) / 2)`;
/** The fixed log bin of a positive value: floor(20 · log10 v), clamped to [−40, 140]. */
export const BIN_SQL = (v: string) => `greatest(-40, least(140, floor(20 * log10(${v}))))::int`;
