import type { ClientBase } from 'pg';
import type { DayGrid } from '@/lib/time/dayGrid';
import { HOUR_MS } from '@/lib/time/window';

/*
 * The day tier (rollup_node_day, rollup_request_day, rollup_request_hist_day, rollup_gpu_day) is
 * keyed by the organisation's days, so the dashboard's day steps read one row per day. Its grid
 * (day_rollup_grid) names the zone and day start its rows are keyed by; null until keyed.
 */

// Advisory lock keys: the grid (shared by every writer of the tier, exclusive while it is re-keyed)
// and each day (shared by a batch adding to it, exclusive while it is re-derived from its hours).
const GRID_LOCK = 7_474_003;
const DAY_LOCK = 7_474_002;

/** The grid the tier is keyed by, read under its lock (shared until commit: no re-keying meanwhile). */
export async function lockDayGrid(client: ClientBase): Promise<DayGrid | null> {
  await client.query('SELECT pg_advisory_xact_lock_shared($1)', [GRID_LOCK]);
  return readDayGrid(client);
}

/** The grid as the readers see it (no lock: a read takes whichever tier was committed). */
export async function readDayGrid(client: Pick<ClientBase, 'query'>): Promise<DayGrid | null> {
  const { rows } = await client.query<{ time_zone: string | null; day_start: string | null; derived_from: Date | null }>(
    `SELECT time_zone, day_start, derived_from FROM day_rollup_grid`,
  );
  const row = rows[0];
  if (!row?.time_zone || !row.day_start) return null;
  return { timeZone: row.time_zone, dayStart: row.day_start, derivedFrom: row.derived_from?.getTime() ?? null };
}

/** Takes the days' lock until commit: shared to add a batch's sums, exclusive to re-derive the days. */
export async function lockDays(client: ClientBase, days: number[], mode: 'shared' | 'exclusive'): Promise<void> {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (!sorted.length) return;
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await client.query(`SELECT ${fn}($1, (d / ${HOUR_MS})::int) FROM unnest($2::float8[]) AS d ORDER BY d`, [DAY_LOCK, sorted]);
}

/** Takes the grid's lock exclusive until commit (re-keying the tier). */
export async function lockDayGridExclusive(client: ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [GRID_LOCK]);
}
