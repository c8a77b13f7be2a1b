import type { Db } from '@/lib/db/client';
import type { JobOwner } from './jobOwner';

/** A job still marked running that a web server opened for an HTTP upload, the process that owns it and its last sign of life. */
export interface RunningUpload extends JobOwner {
  id: bigint;
}

/** Jobs of HTTP uploads (the Upload page, POST /api/v1/ingest) still marked running. */
export async function runningUploads(db: Db): Promise<RunningUpload[]> {
  const { rows } = await db.pool.query<{ id: string; pid: number | null; host: string | null; heartbeat_at: Date | null }>(
    `SELECT id::text, pid, host, heartbeat_at FROM ingest_job WHERE status = 'running' AND channel IN ('web', 'http') ORDER BY id`,
  );
  return rows.map((r) => ({ id: BigInt(r.id), pid: r.pid, host: r.host, heartbeatAt: r.heartbeat_at }));
}
