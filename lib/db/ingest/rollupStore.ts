import type { ClientBase } from 'pg';
import type { NodeMinuteRollup, RequestRollup } from './rollupMath';
import type { HistArrayRow } from './viewRollups';
import { upsertNodeMinutes, upsertRequestMinutes } from './viewRollupStore';

/** Adds request rollups (minutes and their TTFT / speed histograms, and the KV-length histogram rows) to the tables. */
export const upsertRequestRollup = (client: ClientBase, rollup: RequestRollup, kvHist: HistArrayRow[]) =>
  upsertRequestMinutes(client, [...rollup.minutes()], kvHist);

/** Adds node rollups to rollup_node_minute. */
export const upsertNodeRollup = (client: ClientBase, rollup: NodeMinuteRollup) => upsertNodeMinutes(client, [...rollup.minutes()]);

/** Removes the rollups of whole hours before they are rebuilt from the raw rows. */
export async function deleteRequestRollupHours(client: ClientBase, hours: number[]): Promise<void> {
  await client.query(
    `DELETE FROM rollup_request_minute t USING unnest($1::float8[]) AS h(ms)
      WHERE t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000 + 3600)`,
    [hours],
  );
  await client.query(
    `DELETE FROM rollup_request_hist t USING unnest($1::float8[]) AS h(ms)
      WHERE t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000 + 3600)`,
    [hours],
  );
}

export async function deleteNodeRollupHours(client: ClientBase, nodeHours: { nodeId: number; hour: number }[]): Promise<void> {
  await client.query(
    `DELETE FROM rollup_node_minute t USING unnest($1::int[], $2::float8[]) AS h(node_id, ms)
      WHERE t.node_id = h.node_id AND t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000 + 3600)`,
    [nodeHours.map((h) => h.nodeId), nodeHours.map((h) => h.hour)],
  );
}
