import type { Db } from '@/lib/db/client';
import type { JobOwner } from './jobOwner';

/** Who runs a job: its status, channel, owning process and last sign of life. */
export interface JobProcess extends JobOwner {
  status: string;
  channel: string;
}

export async function jobProcess(db: Db, id: bigint): Promise<JobProcess | null> {
  const { rows } = await db.pool.query<{ status: string; channel: string; pid: number | null; host: string | null; heartbeat_at: Date | null }>(
    'SELECT status, channel, pid, host, heartbeat_at FROM ingest_job WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row ? { status: row.status, channel: row.channel, pid: row.pid, host: row.host, heartbeatAt: row.heartbeat_at } : null;
}
