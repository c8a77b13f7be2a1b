import type { ClientBase } from 'pg';
import { hourOf } from './hours';
import { NodeMinuteRollup, RequestRollup, type RollupRequest, type RollupSample } from './rollupMath';
import { deleteNodeRollupHours, deleteRequestRollupHours, upsertNodeRollup, upsertRequestRollup } from './rollupStore';
import type { AffectedHours } from './table';

// Raw rows are read a slice of hours at a time, so memory stays bounded.
const NODE_HOURS_PER_QUERY = 24;

/**
 * Rebuilds the rollups of the hours that replaced or deleted rows touched, from the raw rows,
 * with the same arithmetic as the ingest (sums could be subtracted, a GPU mask cannot).
 */
export async function rebuildRollups(client: ClientBase, affected: AffectedHours): Promise<void> {
  for (const hour of affected.requestHours) await rebuildRequestHour(client, hour);
  const pairs = [...affected.nodeHours].map((k) => k.split('|').map(Number)).map(([nodeId, hour]) => ({ nodeId, hour }));
  for (let i = 0; i < pairs.length; i += NODE_HOURS_PER_QUERY) await rebuildNodeHours(client, pairs.slice(i, i + NODE_HOURS_PER_QUERY));
}

async function rebuildRequestHour(client: ClientBase, hour: number): Promise<void> {
  await deleteRequestRollupHours(client, [hour]);
  const { rows } = await client.query<RollupRequest>(
    `SELECT extract(epoch FROM arrived_at)::float8 * 1000 AS "arrivedAt", model_id AS "modelId", source,
            input_tokens AS "inputTokens", cached_tokens AS "cachedTokens", output_tokens AS "outputTokens",
            sample_weight AS "sampleWeight", extract(epoch FROM first_token_at)::float8 * 1000 AS "firstTokenAt",
            extract(epoch FROM finished_at)::float8 * 1000 AS "finishedAt"
       FROM request WHERE arrived_at >= to_timestamp($1::float8 / 1000) AND arrived_at < to_timestamp($1::float8 / 1000) + interval '1 hour'`,
    [hour],
  );
  const rollup = new RequestRollup();
  for (const r of rows) rollup.add(r);
  await upsertRequestRollup(client, rollup);
}

async function rebuildNodeHours(client: ClientBase, pairs: { nodeId: number; hour: number }[]): Promise<void> {
  await deleteNodeRollupHours(client, pairs);
  // A sample reaches at most a day back (interval_s <= 86400), which bounds the partitions read.
  const { rows } = await client.query<RollupSample>(
    `SELECT DISTINCT extract(epoch FROM g.ts)::float8 * 1000 AS ts, g.interval_s AS "intervalS", g.node_id AS "nodeId", g.gpu, g.role,
            g.input_tokens AS "inputTokens", g.cached_tokens AS "cachedTokens", g.output_tokens AS "outputTokens", g.requests,
            g.dispatch_send_tokens AS "dispatchSendTokens", g.dispatch_recv_tokens AS "dispatchRecvTokens",
            g.running_requests AS "runningRequests", g.kv_cache_tokens AS "kvCacheTokens", g.kv_cache_capacity AS "kvCacheCapacity",
            g.util_pct AS "utilPct", g.power_w AS "powerW"
       FROM gpu_sample g JOIN unnest($1::int[], $2::float8[]) AS h(node_id, ms) ON g.node_id = h.node_id
        AND g.ts > to_timestamp(h.ms / 1000) AND g.ts < to_timestamp(h.ms / 1000) + interval '1 day 1 hour'
        AND g.ts - g.interval_s * interval '1 second' < to_timestamp(h.ms / 1000) + interval '1 hour'`,
    [pairs.map((p) => p.nodeId), pairs.map((p) => p.hour)],
  );
  const wanted = new Set(pairs.map((p) => `${p.nodeId}|${p.hour}`));
  const rollup = new NodeMinuteRollup((nodeId, bucket) => wanted.has(`${nodeId}|${hourOf(bucket)}`));
  for (const s of rows) rollup.add(s);
  await upsertNodeRollup(client, rollup);
}
