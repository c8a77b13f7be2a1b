import type pg from 'pg';
import type { TimeWindow } from '@/lib/time/window';

const HOUR_MS = 3_600_000;

export interface WindowDataVersion {
  version: string;
  /** An ingest that overlaps the window is still running: its figures will move again. */
  ingestRunning: boolean;
}

/**
 * What the stored data under a window is at: the ingest jobs whose data overlaps it (widened to
 * whole hours and one more each side, as the rollups are hourly), their row counts, states and
 * deletions. Every batch moves its job's counters and time span in the transaction that stores
 * it, so any ingest, replacement or deletion touching the window changes this text, and so does
 * the end of an ingest.
 */
export async function getWindowDataVersion(pool: pg.Pool, window: TimeWindow): Promise<WindowDataVersion> {
  const start = Math.floor(window.start / HOUR_MS) * HOUR_MS - HOUR_MS;
  const end = Math.ceil(window.end / HOUR_MS) * HOUR_MS + HOUR_MS;
  const { rows } = await pool.query<{ jobs: number; lastId: string; rows: number; running: number; deleted: number; lastDeletion: number }>(
    `SELECT count(*)::int AS jobs, coalesce(max(id), 0)::text AS "lastId", coalesce(sum(accepted + replaced), 0)::float8 AS rows,
            count(*) FILTER (WHERE status = 'running')::int AS running, count(*) FILTER (WHERE status = 'deleted')::int AS deleted,
            coalesce(max(extract(epoch FROM deleted_at)), 0)::float8 AS "lastDeletion"
       FROM ingest_job
      WHERE min_ts < to_timestamp($2::float8 / 1000) AND max_ts >= to_timestamp($1::float8 / 1000)`,
    [start, end],
  );
  const { jobs, lastId, rows: stored, running, deleted, lastDeletion } = rows[0];
  return { version: [jobs, lastId, stored, running, deleted, lastDeletion].join(':'), ingestRunning: running > 0 };
}
