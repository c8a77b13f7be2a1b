import type { Db } from '@/lib/db/client';

/** Marks the jobs failed with `reason`, those still running only; returns the ids it marked. */
export async function failRunningJobs(db: Db, ids: bigint[], reason: string): Promise<bigint[]> {
  if (!ids.length) return [];
  const { rows } = await db.pool.query<{ id: string }>(
    `UPDATE ingest_job SET status = 'failed', error = $2, finished_at = now()
      WHERE id = ANY($1::int8[]) AND status = 'running' RETURNING id::text`,
    [ids.map(String), reason],
  );
  return rows.map((r) => BigInt(r.id));
}
