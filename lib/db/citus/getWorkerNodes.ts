import type pg from 'pg';

export interface WorkerNode {
  host: string;
  port: number;
}

/** The active worker nodes of the Citus cluster the connected database belongs to (the coordinator left out). */
export async function getWorkerNodes(client: pg.ClientBase): Promise<WorkerNode[]> {
  const { rows } = await client.query<WorkerNode>(
    `SELECT nodename AS host, nodeport AS port FROM pg_dist_node
      WHERE groupid <> 0 AND noderole = 'primary' AND isactive ORDER BY nodeid`,
  );
  return rows;
}
