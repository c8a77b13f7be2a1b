import type { ClientBase } from 'pg';
import { forEachRow } from '@/lib/db/eachRow';
import { hourOf } from './hours';
import type { RollupSample } from './rollupMath';
import { Rollups } from './rollups';
import { expertLoadColumns, requestColumns, sampleColumns } from './storedColumns';
import { deleteNodeRollupHours, deleteRequestRollupHours } from './rollupStore';
import type { AffectedHours } from './table';
import type { AttentionRequest, RollupExpertLoad } from './viewRollups';
import { deleteBalanceHours, deleteExpertHours, deleteNodeViewHours, deleteRequestViewHours, refreshBalanceHours, refreshNodeLast } from './viewRollupStore';
import { lockDayGrid, lockDays } from './dayTier';
import { dayOfHour } from '@/lib/time/dayGrid';

// Node-hours rebuilt per query (their deletes and upserts are one statement each). Raw rows are
// streamed through a cursor (forEachRow): an hour of a busy fleet is millions of them.
const NODE_HOURS_PER_QUERY = 24;

/**
 * Rebuilds the rollups of the hours that replaced or deleted rows touched, from the raw rows,
 * with the same arithmetic as the ingest (sums could be subtracted, a GPU mask cannot).
 */
export async function rebuildRollups(client: ClientBase, affected: AffectedHours): Promise<void> {
  // Before any rollup row is touched (a batch holds the grid's and its days' locks while it adds).
  const dayOf = dayOfHour(await lockDayGrid(client));
  const hours = [...affected.requestHours, ...[...affected.nodeHours].map((k) => Number(k.split('|')[1]))];
  await lockDays(client, hours.flatMap((h) => dayOf(h)?.start ?? []), 'exclusive');
  for (const hour of affected.requestHours) await rebuildRequestHour(client, hour);
  const pairs = [...affected.nodeHours].map((k) => k.split('|').map(Number)).map(([nodeId, hour]) => ({ nodeId, hour }));
  for (let i = 0; i < pairs.length; i += NODE_HOURS_PER_QUERY) await rebuildNodeHours(client, pairs.slice(i, i + NODE_HOURS_PER_QUERY));
  await refreshNodeLast(client, [...new Set(pairs.map((p) => p.nodeId))]);
  // Load imbalance is fleet-wide: every hour a node's samples touched is rebuilt from all nodes.
  const balanceHours = [...new Set(pairs.map((p) => p.hour))];
  for (const hour of balanceHours) await rebuildBalanceHour(client, hour);
  await refreshBalanceHours(client, balanceHours);
  for (const hour of affected.expertHours) await rebuildExpertHour(client, hour);
}

async function rebuildRequestHour(client: ClientBase, hour: number): Promise<void> {
  await deleteRequestRollupHours(client, [hour]);
  await deleteRequestViewHours(client, [hour]);
  const rollups = new Rollups();
  await forEachRow<AttentionRequest>(
    client,
    `SELECT ${requestColumns('r')}
       FROM request r WHERE r.arrived_at >= to_timestamp($1::float8 / 1000) AND r.arrived_at < to_timestamp($1::float8 / 1000) + interval '1 hour'`,
    [hour],
    (r) => rollups.addRequest(r),
  );
  await rollups.upsert(client);
}

async function rebuildNodeHours(client: ClientBase, pairs: { nodeId: number; hour: number }[]): Promise<void> {
  await deleteNodeRollupHours(client, pairs);
  await deleteNodeViewHours(client, pairs);
  // A sample reaches at most a day back (interval_s <= 86400), which bounds the partitions read.
  const wanted = new Set(pairs.map((p) => `${p.nodeId}|${p.hour}`));
  const rollups = new Rollups({ nodeHour: (nodeId, bucket) => wanted.has(`${nodeId}|${hourOf(bucket)}`) });
  await forEachRow<RollupSample>(
    client,
    `SELECT DISTINCT ${sampleColumns('g')}
       FROM gpu_sample g JOIN unnest($1::int[], $2::float8[]) AS h(node_id, ms) ON g.node_id = h.node_id
        AND g.ts > to_timestamp(h.ms / 1000) AND g.ts < to_timestamp(h.ms / 1000) + interval '1 day 1 hour'
        AND g.ts - g.interval_s * interval '1 second' < to_timestamp(h.ms / 1000) + interval '1 hour'`,
    [pairs.map((p) => p.nodeId), pairs.map((p) => p.hour)],
    (s) => rollups.addNodeSample(s),
  );
  await rollups.upsert(client);
}

/** The load-imbalance slots starting in one hour, from every node's samples. */
async function rebuildBalanceHour(client: ClientBase, hour: number): Promise<void> {
  await deleteBalanceHours(client, [hour]);
  // A slot starts inside (ts − interval_s, ts]: the samples of the hour's slots end in (hour, hour + 1 h + interval_s).
  const rollups = new Rollups({ hour: (h) => h === hour });
  await forEachRow<RollupSample>(
    client,
    `SELECT ${sampleColumns('g')}
       FROM gpu_sample g
      WHERE g.ts > to_timestamp($1::float8 / 1000) AND g.ts < to_timestamp($1::float8 / 1000) + interval '1 day 1 hour'
        AND g.ts - g.interval_s * interval '1 second' < to_timestamp($1::float8 / 1000) + interval '1 hour'`,
    [hour],
    (s) => rollups.addBalanceSample(s),
  );
  await rollups.upsert(client);
}

/** The expert-load rollups of one hour, from every node's rows. */
async function rebuildExpertHour(client: ClientBase, hour: number): Promise<void> {
  await deleteExpertHours(client, [hour]);
  const rollups = new Rollups({ hour: (h) => h === hour });
  await forEachRow<RollupExpertLoad>(
    client,
    `SELECT ${expertLoadColumns('e')}
       FROM expert_load e
      WHERE e.ts > to_timestamp($1::float8 / 1000) AND e.ts < to_timestamp($1::float8 / 1000) + interval '1 day 1 hour'
        AND e.ts - e.interval_s * interval '1 second' < to_timestamp($1::float8 / 1000) + interval '1 hour'`,
    [hour],
    (e) => rollups.addExpertLoad(e),
  );
  await rollups.upsert(client);
}
