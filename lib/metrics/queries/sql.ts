import type { Steps } from '@/lib/metrics/steps';
import { edgeParam, hourSpan } from '@/lib/metrics/steps';
import { HOUR_MS } from '@/lib/time/window';

/**
 * The parameters every stepped query starts with: $1 the step edges (a row's step is
 * width_bucket(bucket, $1) − 1), $2 and $3 the window's start and end.
 */
export function stepParams(steps: Steps): [string[], string, string] {
  const edges = edgeParam(steps);
  return [edges, edges[0], edges[edges.length - 1]];
}

export const STEP_SQL = (column: string) => `width_bucket(${column}, $1::timestamptz[]) - 1`;
export const IN_WINDOW_SQL = (column: string) => `${column} >= $2::timestamptz AND ${column} < $3::timestamptz`;

/** A node filter on parameter $n (NULL: every node). */
export const NODE_FILTER_SQL = (column: string, n: number) =>
  `($${n}::text[] IS NULL OR ${column} IN (SELECT id FROM node WHERE name = ANY($${n}::text[])))`;

/** A model filter on parameter $n (NULL: every model; model_id 0 is "not given"). */
export const MODEL_FILTER_SQL = (column: string, n: number) =>
  `($${n}::text IS NULL OR ${column} = (SELECT id FROM model WHERE name = $${n}::text))`;

export const nodesParam = (nodes?: string[]) => (nodes?.length ? nodes : null);

/** An instant as a timestamptz literal (computed instants only, never a request's text). */
export const ts = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

/** A rollup kept in tiers of the same columns: per organisation day, per UTC hour, and finer (minutes, 10 minutes). */
export interface Tiers {
  day: string;
  hour: string;
  fine: string;
  /** Sharded by node on Citus: no join with a list of hours (Citus plans no such join in a union). */
  sharded: boolean;
}

export const NODE_TIERS: Tiers = { day: 'rollup_node_day', hour: 'rollup_node_hour', fine: 'rollup_node_minute', sharded: true };
export const REQUEST_TIERS: Tiers = { day: 'rollup_request_day', hour: 'rollup_request_hour', fine: 'rollup_request_minute', sharded: false };
export const HIST_TIERS: Tiers = { day: 'rollup_request_hist_day_bins', hour: 'rollup_request_hist_hour_bins', fine: 'rollup_request_hist_bins', sharded: false };
export const GPU_TIERS: Tiers = { day: 'rollup_gpu_day', hour: 'rollup_gpu_hour', fine: 'rollup_gpu_10min', sharded: true };

// Cut hours read as OR-ed ranges up to this many (any table); beyond, by a join with their list.
const CUT_HOURS_AS_RANGES = 64;

const between = (table: string, start: string, end: string) => `SELECT * FROM ${table} WHERE bucket >= ${start} AND bucket < ${end}`;

/** The UTC hours (their starts) within [start, end) that a step edge falls strictly inside. */
function cutHours(steps: Steps, start: number, end: number): number[] {
  const hours = steps.edges.slice(1, -1).filter((e) => e % HOUR_MS !== 0 && e > start && e < end).map((e) => Math.floor(e / HOUR_MS) * HOUR_MS);
  return [...new Set(hours)];
}

const tsArray = (times: number[]) => `'{${times.map((t) => new Date(t).toISOString()).join(',')}}'::timestamptz[]`;

/**
 * The rows of a tiered rollup over the window, each span from the coarsest tier whose buckets
 * each lie inside one step: the organisation's whole days from the day table (steps.daySpan),
 * the other whole hours from the hour table unless a step edge falls inside them (cut hours),
 * the cut hours and the partial hours at the ends from the finer table. Minute rows of steps
 * finer than an hour (most hours cut) come from the finer table alone.
 * `ends`: the SQL of the window's start and end (the stepped queries' $2 and $3).
 */
export function tieredSource(steps: Steps, tiers: Tiers, alias = 't', ends = ['$2::timestamptz', '$3::timestamptz']): string {
  const hours = hourSpan({ ...steps, edges: [steps.window.start, steps.window.end] });
  const cut = hours ? cutHours(steps, hours.start, hours.end) : [];
  const tooMany = cut.length * 2 > (hours ? (hours.end - hours.start) / HOUR_MS : 0) || (tiers.sharded && cut.length > CUT_HOURS_AS_RANGES);
  if (!hours || tooMany) return `${tiers.fine} AS ${alias}`;
  const wholeHours = (start: number, end: number) =>
    `${between(tiers.hour, ts(start), ts(end))}${cut.length ? ` AND bucket <> ALL(${tsArray(cut)})` : ''}`;
  const days = steps.daySpan ?? null;
  const middle = days
    ? [wholeHours(hours.start, days.start), between(tiers.day, ts(days.start), ts(days.end)), wholeHours(days.end, hours.end)]
    : [wholeHours(hours.start, hours.end)];
  const cutRanges = () => cut.map((h) => `(bucket >= ${ts(h)} AND bucket < ${ts(h + HOUR_MS)})`).join(' OR ');
  const cutParts = !cut.length
    ? []
    : cut.length <= CUT_HOURS_AS_RANGES
      ? [`SELECT * FROM ${tiers.fine} WHERE ${cutRanges()}`]
      : [`SELECT f.* FROM ${tiers.fine} f JOIN unnest(${tsArray(cut)}) AS c(at) ON f.bucket >= c.at AND f.bucket < c.at + interval '1 hour'`];
  const parts = [between(tiers.fine, ends[0], ts(hours.start)), ...middle, ...cutParts, between(tiers.fine, ts(hours.end), ends[1])];
  return `(${parts.join('\n           UNION ALL\n           ')}) AS ${alias}`;
}

/** Every step is one whole UTC hour: a row of an hour rollup is already one step of its key. */
export const hourPerStep = (steps: Steps) => steps.edges.every((e, i) => e % HOUR_MS === 0 && (i === 0 || e - steps.edges[i - 1] === HOUR_MS));

/** epoch milliseconds of a timestamptz expression, as float8. */
export const MS_SQL = (expr: string) => `extract(epoch FROM ${expr})::float8 * 1000`;
