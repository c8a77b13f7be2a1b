import type { Db } from '@/lib/db/client';
import type { IngestChannel } from '@/lib/db/ingest/jobs';
import { OWNER_HERE } from '@/lib/db/ingest/jobOwner';

/**
 * Live channels (remote write, OTLP) store their records under one ingest job per channel and
 * UTC day, kept `running` while data arrives: the Upload page lists a day of pushes as one job,
 * and deleting it removes that day's pushed rows.
 */
export async function liveJob(db: Db, channel: Extract<IngestChannel, 'remote-write' | 'otlp'>, at: number, format: string): Promise<bigint> {
  const name = `${channel} ${new Date(at).toISOString().slice(0, 10)}`;
  const { rows } = await db.pool.query<{ id: string }>(
    `UPDATE ingest_job SET status = 'running', heartbeat_at = now(), pid = $3, host = $4
      WHERE id = (SELECT id FROM ingest_job WHERE channel = $1 AND file_name = $2 AND status IN ('running', 'interrupted', 'done') ORDER BY id DESC LIMIT 1)
      RETURNING id::text`,
    [channel, name, OWNER_HERE.pid, OWNER_HERE.host],
  );
  if (rows.length) return BigInt(rows[0].id);
  const created = await db.pool.query<{ id: string }>(
    `INSERT INTO ingest_job (channel, file_name, format, status, pid, host, heartbeat_at) VALUES ($1, $2, $3, 'running', $4, $5, now()) RETURNING id::text`,
    [channel, name, format, OWNER_HERE.pid, OWNER_HERE.host],
  );
  return BigInt(created.rows[0].id);
}

/** A live job's notices so far (the receiver's metrics not read, series not placed, samples skipped). */
export async function setLiveJobNotices(db: Db, jobId: bigint, notices: unknown[]): Promise<void> {
  await db.pool.query('UPDATE ingest_job SET notices = $2, heartbeat_at = now() WHERE id = $1', [jobId, JSON.stringify(notices)]);
}

/**
 * Marks the live jobs of days before `at` done (a day's pushes have ended). A finish time already
 * set stays: least() skips the null, and unlike coalesce() Citus lets it hold now() on a reference table.
 */
export async function closeLiveJobsBefore(db: Db, channel: Extract<IngestChannel, 'remote-write' | 'otlp'>, at: number): Promise<void> {
  await db.pool.query(
    `UPDATE ingest_job SET status = 'done', finished_at = least(finished_at, now())
      WHERE channel = $1 AND status IN ('running', 'interrupted') AND file_name < $2`,
    [channel, `${channel} ${new Date(at).toISOString().slice(0, 10)}`],
  );
}
