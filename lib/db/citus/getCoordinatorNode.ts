import type pg from 'pg';
import type { WorkerNode } from './getWorkerNodes';

/** The coordinator as the cluster's metadata names it (null when it was never set). */
export async function getCoordinatorNode(client: pg.ClientBase): Promise<WorkerNode | null> {
  const { rows } = await client.query<WorkerNode>(`SELECT nodename AS host, nodeport AS port FROM pg_dist_node WHERE groupid = 0`);
  return rows[0] ?? null;
}
