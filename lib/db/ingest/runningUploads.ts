import type { Db } from '@/lib/db/client';

/** A job still marked running that a web server opened for an HTTP upload, and the process that owns it. */
export interface RunningUpload {
  id: bigint;
  pid: number | null;
}

/** Jobs of HTTP uploads (the Upload page, POST /api/v1/ingest) still marked running. */
export async function runningUploads(db: Db): Promise<RunningUpload[]> {
  const { rows } = await db.pool.query<{ id: string; pid: number | null }>(
    `SELECT id::text, pid FROM ingest_job WHERE status = 'running' AND channel IN ('web', 'http') ORDER BY id`,
  );
  return rows.map((r) => ({ id: BigInt(r.id), pid: r.pid }));
}
