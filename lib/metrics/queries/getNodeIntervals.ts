import type pg from 'pg';
import type { NodeStateInterval } from '@/lib/finance/rateCard';
import type { NodeState } from '@/lib/ingest/records';
import { singleStep } from '@/lib/metrics/steps';
import type { TimeWindow } from '@/lib/time/window';
import { NODE_TIERS, tieredSource, ts } from './sql';

/** A node state interval and where it was read from (events, or samples of an eventless node). */
export interface NodeInterval extends NodeStateInterval {
  origin: 'node_events' | 'gpu_samples';
}

interface Row {
  origin: NodeInterval['origin'];
  node: string;
  state: NodeState;
  gpu_type: string | null;
  gpu_count: number;
  start_ms: number;
  end_ms: number;
}

/** Where a node-interval query reads what nodes reported: GPUs per node, and eventless nodes' minutes. */
export interface ReportedSql {
  /** (node_id, gpus): the distinct GPUs each node reported in the window (win.lo, win.hi). */
  reported: string;
  /** (node_id, role, bucket, gpu_seconds, gpus) per minute of the nodes in `eventless`. */
  eventlessMinutes: string;
}

/** The node-interval query over any source of reported GPUs (rollups here, raw rows in lib/metrics/raw). */
export async function queryNodeIntervals(pool: pg.Pool, window: TimeWindow, source: ReportedSql): Promise<NodeInterval[]> {
  const { rows } = await pool.query<Row>(
    `WITH win AS (SELECT to_timestamp($1::float8 / 1000) AS lo, to_timestamp($2::float8 / 1000) AS hi),
     reported AS (${source.reported}),
     eventless AS (
       -- Uncorrelated, unlike NOT EXISTS: Citus plans no correlated subquery beside a CTE.
       SELECT r.node_id, r.gpus FROM reported r
        WHERE r.node_id NOT IN (SELECT e.node_id FROM node_event e WHERE e.node_id IN (SELECT node_id FROM reported))
     ), prior AS (
       SELECT DISTINCT ON (node_id) node_id, ts, state, gpu_type, gpu_count
         FROM node_event, win WHERE ts < win.lo ORDER BY node_id, ts DESC
     ), inside AS (
       SELECT node_id, ts, state, gpu_type, gpu_count FROM node_event, win WHERE ts >= win.lo AND ts < win.hi
     ), seq AS (
       SELECT e.*, lead(ts) OVER (PARTITION BY node_id ORDER BY ts) AS next_ts
         FROM (SELECT * FROM prior UNION ALL SELECT * FROM inside) e
     ), from_events AS (
       SELECT 'node_events' AS origin, s.node_id, s.state, s.gpu_type, coalesce(s.gpu_count, r.gpus, 0) AS gpu_count,
              greatest(s.ts, win.lo) AS start_at, least(coalesce(s.next_ts, win.hi), win.hi) AS end_at
         FROM seq s CROSS JOIN win LEFT JOIN reported r USING (node_id)
        WHERE coalesce(s.next_ts, win.hi) > win.lo
     ), minutes AS (${source.eventlessMinutes}
     ), from_samples AS (
       SELECT 'gpu_samples' AS origin, m.node_id, m.role AS state, NULL::text AS gpu_type, r.gpus AS gpu_count, m.bucket AS start_at,
              m.bucket + (m.gpu_seconds / m.gpus) * interval '1 second' AS end_at
         FROM minutes m JOIN eventless r USING (node_id)
     )
     SELECT i.origin, n.name AS node, i.state, i.gpu_type, i.gpu_count,
            extract(epoch FROM i.start_at)::float8 * 1000 AS start_ms, extract(epoch FROM i.end_at)::float8 * 1000 AS end_ms
       FROM (SELECT * FROM from_events UNION ALL SELECT * FROM from_samples) i JOIN node n ON n.id = i.node_id
      WHERE i.end_at > i.start_at
      ORDER BY n.name, i.start_at`,
    [window.start, window.end],
  );
  return mergeAdjacent(
    rows.map((r) => ({ origin: r.origin, node: r.node, state: r.state, gpuType: r.gpu_type, gpuCount: r.gpu_count, start: r.start_ms, end: r.end_ms })),
  );
}

/**
 * Node state intervals clipped to the window: a node_event state lasts until the node's next
 * event. Nodes without any event are in a role for each minute they reported samples with
 * that role (node-seconds = GPU-seconds ÷ GPUs reported), with no GPU type (unpriced).
 * An event without gpu_count counts the distinct GPUs the node reported in the window.
 * The GPUs reported are or-ed from the node rollups' tiers (days, hours, minutes: the same masks).
 */
export function getNodeIntervals(pool: pg.Pool, window: TimeWindow, daySpan: TimeWindow | null = null): Promise<NodeInterval[]> {
  // The window's ends as literals, not the CTE's: Citus plans no union of shards that reads a CTE.
  const [lo, hi] = [ts(window.start), ts(window.end)];
  const source = tieredSource({ ...singleStep(window), daySpan }, NODE_TIERS, 'n', [lo, hi]);
  return queryNodeIntervals(pool, window, {
    reported: `SELECT node_id, bit_count(bit_or(gpu_mask)::bit(64))::int AS gpus
                 FROM ${source} WHERE n.bucket >= ${lo} AND n.bucket < ${hi} GROUP BY node_id`,
    eventlessMinutes: `SELECT m.node_id, m.role, m.bucket, m.gpu_seconds, bit_count(m.gpu_mask::bit(64)) AS gpus
                         FROM eventless r CROSS JOIN win JOIN rollup_node_minute m ON m.node_id = r.node_id
                        WHERE m.bucket >= win.lo AND m.bucket < win.hi`,
  });
}

/** Joins back-to-back intervals of one node in one state (sample-derived minutes come one by one). */
function mergeAdjacent(intervals: NodeInterval[]): NodeInterval[] {
  const out: NodeInterval[] = [];
  for (const i of intervals) {
    const last = out.at(-1);
    if (last && last.node === i.node && last.state === i.state && last.gpuType === i.gpuType && last.gpuCount === i.gpuCount && last.end === i.start) {
      last.end = i.end;
    } else out.push({ ...i });
  }
  return out;
}
