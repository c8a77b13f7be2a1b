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

const ts = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

/**
 * The rows of a tiered rollup over the window: whole hours from the hour table where every hour
 * lies inside one step (hourSpan), the partial hours at the ends from the finer table. Both
 * tables have the same columns in the same order.
 */
export function tieredSource(steps: Steps, hourTable: string, fineTable: string, alias = 't'): string {
  const hours = hourSpan(steps);
  if (!hours) return `${fineTable} AS ${alias}`;
  return `(SELECT * FROM ${hourTable} WHERE bucket >= ${ts(hours.start)} AND bucket < ${ts(hours.end)}
           UNION ALL
           SELECT * FROM ${fineTable} WHERE bucket >= $2::timestamptz AND bucket < ${ts(hours.start)}
           UNION ALL
           SELECT * FROM ${fineTable} WHERE bucket >= ${ts(hours.end)} AND bucket < $3::timestamptz) AS ${alias}`;
}

/** Every step is one whole UTC hour: a row of an hour rollup is already one step of its key. */
export const hourPerStep = (steps: Steps) => steps.edges.every((e, i) => e % HOUR_MS === 0 && (i === 0 || e - steps.edges[i - 1] === HOUR_MS));

/** epoch milliseconds of a timestamptz expression, as float8. */
export const MS_SQL = (expr: string) => `extract(epoch FROM ${expr})::float8 * 1000`;
