import { NotFound } from '@/lib/http/errors';
import type { Db } from '@/lib/db/client';
import { noAffectedHours } from './hours';
import { OWNER_HERE, STALE_AFTER_MS } from './jobOwner';
import { rebuildRollups } from './recompute';

export type IngestChannel = 'cli' | 'http' | 'web' | 'demo' | 'remote-write' | 'otlp';

export interface NewJob {
  channel: IngestChannel;
  fileName: string;
  replace?: boolean;
  demo?: boolean;
}

// The ingest path writes its job rows with plain SQL: a CLI ingest then never loads Prisma's
// query engine (tens of MB of the peak RSS budget).
export async function createJob(db: Db, job: NewJob): Promise<bigint> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ingest_job (channel, file_name, replace, demo, status, pid, host, heartbeat_at)
     VALUES ($1, $2, $3, $4, 'running', $5, $6, now()) RETURNING id::text`,
    [job.channel, job.fileName, job.replace ?? false, job.demo ?? false, OWNER_HERE.pid, OWNER_HERE.host],
  );
  return BigInt(rows[0].id);
}

/** Records the job's outcome; returns the span of the rows it stored (null when none). */
export async function finishJob(
  db: Db,
  id: bigint,
  outcome: { format: string | null; error?: string; notices?: unknown[] },
): Promise<{ minTs: Date | null; maxTs: Date | null }> {
  const { rows } = await db.pool.query<{ min_ts: Date | null; max_ts: Date | null }>(
    `UPDATE ingest_job SET status = $2, format = $3, error = $4, notices = $5, finished_at = now() WHERE id = $1 RETURNING min_ts, max_ts`,
    [id, outcome.error ? 'failed' : 'done', outcome.format, outcome.error ?? null, outcome.notices ? JSON.stringify(outcome.notices) : null],
  );
  return { minTs: rows[0]?.min_ts ?? null, maxTs: rows[0]?.max_ts ?? null };
}

export async function markInterruptedJobs(db: Db): Promise<number> {
  const { count } = await db.prisma.ingestJob.updateMany({
    where: { status: 'running', heartbeatAt: { lt: new Date(Date.now() - STALE_AFTER_MS) } },
    data: { status: 'interrupted' },
  });
  return count;
}

/**
 * Deletes a job's rows from every telemetry table and rebuilds the rollups of the hours they
 * touched, in one transaction. The job stays listed as deleted (finance shows restatements of
 * the days it touched).
 */
export async function deleteJob(db: Db, id: bigint): Promise<{ rows: number }> {
  const job = await db.prisma.ingestJob.findUnique({ where: { id } });
  if (!job) throw new NotFound(`Ingest job ${id} does not exist.`);
  if (job.status === 'deleted') return { rows: 0 };
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const span = [id, job.minTs ?? new Date(0), job.maxTs ?? new Date(0)];
    const affected = noAffectedHours();
    const run = async (sql: string) => (await client.query<{ n: number; hours: string[] }>(sql, span)).rows[0];
    const requests = await run(`
      WITH del AS (DELETE FROM request WHERE job_id = $1 AND arrived_at BETWEEN $2 AND $3 RETURNING request_key, arrived_at),
      keys AS (DELETE FROM request_key k USING del WHERE k.request_key = del.request_key AND k.arrived_at = del.arrived_at)
      SELECT (SELECT count(*) FROM del)::int AS n,
             array(SELECT DISTINCT (extract(epoch FROM date_trunc('hour', arrived_at, 'UTC')) * 1000)::bigint::text FROM del) AS hours`);
    for (const h of requests.hours) affected.requestHours.add(Number(h));
    const samples = await run(`
      WITH del AS (DELETE FROM gpu_sample WHERE job_id = $1 AND ts BETWEEN $2 AND $3 RETURNING node_id, ts, interval_s)
      SELECT (SELECT count(*) FROM del)::int AS n,
             array(SELECT DISTINCT node_id || '|' || (extract(epoch FROM h) * 1000)::bigint
                     FROM del, generate_series(date_trunc('hour', ts - interval_s * interval '1 second', 'UTC'),
                                               ts - interval '1 microsecond', interval '1 hour') AS h) AS hours`);
    for (const h of samples.hours) affected.nodeHours.add(h);
    const events = await run(`WITH del AS (DELETE FROM node_event WHERE job_id = $1 AND ts BETWEEN $2 AND $3 RETURNING 1) SELECT count(*)::int AS n FROM del`);
    const loads = await run(`
      WITH del AS (DELETE FROM expert_load WHERE job_id = $1 AND ts BETWEEN $2 AND $3 RETURNING ts, interval_s)
      SELECT (SELECT count(*) FROM del)::int AS n,
             array(SELECT DISTINCT (extract(epoch FROM h) * 1000)::bigint::text
                     FROM del, generate_series(date_trunc('hour', ts - interval_s * interval '1 second', 'UTC'),
                                               ts - interval '1 microsecond', interval '1 hour') AS h) AS hours`);
    for (const h of loads.hours) affected.expertHours.add(Number(h));
    await rebuildRollups(client, affected);
    await client.query(`UPDATE ingest_job SET status = 'deleted', deleted_at = now() WHERE id = $1`, [id]);
    await client.query('COMMIT');
    return { rows: requests.n + samples.n + events.n + loads.n };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
