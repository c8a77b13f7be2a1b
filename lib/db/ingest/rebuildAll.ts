import type { Db } from '@/lib/db/client';
import { noAffectedHours } from './hours';
import { rebuildRollups } from './recompute';

export interface RebuildProgress {
  day: string;
  hours: number;
}

/**
 * Rebuilds every rollup of the stored telemetry from the raw rows, one UTC day per transaction
 * (a database filled before a rollup existed gets it; a rebuild gives the same rows as the ingest).
 */
export async function rebuildAllRollups(db: Db, onDay?: (p: RebuildProgress) => void): Promise<number> {
  const { rows } = await db.pool.query<{ day: Date }>(
    `SELECT DISTINCT date_trunc('day', t, 'UTC') AS day FROM (
       SELECT min(arrived_at) AS t FROM request UNION ALL SELECT max(arrived_at) FROM request
       UNION ALL SELECT min(ts - interval_s * interval '1 second') FROM gpu_sample UNION ALL SELECT max(ts) FROM gpu_sample
       UNION ALL SELECT min(ts - interval_s * interval '1 second') FROM expert_load UNION ALL SELECT max(ts) FROM expert_load
     ) x WHERE t IS NOT NULL`,
  );
  if (!rows.length) return 0;
  const first = Math.min(...rows.map((r) => r.day.getTime()));
  const last = Math.max(...rows.map((r) => r.day.getTime()));
  const { rows: nodes } = await db.pool.query<{ id: number }>(`SELECT id FROM node ORDER BY id`);
  let days = 0;
  for (let day = first; day <= last; day += 86_400_000) {
    const affected = noAffectedHours();
    for (let h = day; h < day + 86_400_000; h += 3_600_000) {
      affected.requestHours.add(h);
      affected.expertHours.add(h);
      for (const n of nodes) affected.nodeHours.add(`${n.id}|${h}`);
    }
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await rebuildRollups(client, affected);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    days += 1;
    onDay?.({ day: new Date(day).toISOString().slice(0, 10), hours: 24 });
  }
  return days;
}
