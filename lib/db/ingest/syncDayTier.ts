import type { ClientBase, Pool } from 'pg';
import { gridDays, wholeHours, type DayGrid } from '@/lib/time/dayGrid';
import { DAY_MS, HOUR_MS, type TimeWindow } from '@/lib/time/window';
import { lockDayGrid, lockDayGridExclusive, lockDays, readDayGrid } from './dayTier';
import { rederiveTierDays } from './viewRollupStore';

// Days derived per transaction: a few seconds of a 278-node fleet's GPU-hours, so batches adding
// to those days wait no longer than that.
const DAYS_PER_TRANSACTION = 7;

/**
 * Keys the day tier by the organisation's day when it is keyed by another (or not yet), then
 * derives its days from the hours, newest first, a few days per transaction: after migrations,
 * at start-up, and after the organisation's day changes. Resumable: an interrupted run goes on
 * from the oldest day derived. Until a day is derived, views read its hours (the same figures).
 * True when it re-keyed. The client must not be inside a transaction.
 */
export async function syncDayTier(client: ClientBase): Promise<boolean> {
  const rekeyed = await inTransaction(client, () => rekeyIfChanged(client));
  while (await inTransaction(client, () => deriveNextDays(client)));
  return rekeyed;
}

/** syncDayTier on a connection of its own, reporting a failure instead of throwing it. */
export async function syncDayTierInBackground(pool: Pool): Promise<void> {
  try {
    const client = await pool.connect();
    try {
      await syncDayTier(client);
    } finally {
      client.release();
    }
  } catch (e) {
    console.warn(`day rollups not keyed yet (views read hours meanwhile; the next start keys them): ${(e as Error).message}`);
  }
}

async function inTransaction<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** The first and last hour any node or request rollup holds (null: none). */
async function hourExtent(client: ClientBase): Promise<TimeWindow | null> {
  const { rows } = await client.query<{ lo: Date | null; hi: Date | null }>(
    `SELECT min(lo) AS lo, max(hi) AS hi FROM (SELECT min(bucket) AS lo, max(bucket) AS hi FROM rollup_node_hour
                                                UNION ALL SELECT min(bucket), max(bucket) FROM rollup_request_hour) x`,
  );
  const { lo, hi } = rows[0];
  return lo && hi ? { start: lo.getTime(), end: hi.getTime() + HOUR_MS } : null;
}

/** Under the grid's exclusive lock (short): empties the tier and keys it by the organisation's day. */
async function rekeyIfChanged(client: ClientBase): Promise<boolean> {
  await lockDayGridExclusive(client);
  const { rows } = await client.query<{ time_zone: string; day_start: string }>(`SELECT time_zone, day_start FROM org_settings WHERE id = 1`);
  const org: DayGrid = rows[0] ? { timeZone: rows[0].time_zone, dayStart: rows[0].day_start } : { timeZone: 'UTC', dayStart: '00:00' };
  const grid = await readDayGrid(client);
  if (grid?.timeZone === org.timeZone && grid.dayStart === org.dayStart) return false;
  await client.query('TRUNCATE rollup_node_day, rollup_gpu_day, rollup_request_day, rollup_request_hist_day');
  const extent = await hourExtent(client);
  const days = extent ? gridDays(org, extent) : [];
  await client.query(`UPDATE day_rollup_grid SET time_zone = $1, day_start = $2, derived_from = to_timestamp($3::float8 / 1000)`, [
    org.timeZone, org.dayStart, days.length ? days[days.length - 1].end : null,
  ]);
  return true;
}

/** Derives the days just before the oldest derived one; false when every day is derived. */
async function deriveNextDays(client: ClientBase): Promise<boolean> {
  const grid = await lockDayGrid(client);
  const from = grid?.derivedFrom;
  if (!grid || from === null || from === undefined) return false;
  const extent = await hourExtent(client);
  const start = Math.max(extent?.start ?? from, from - DAYS_PER_TRANSACTION * DAY_MS);
  const days = start < from ? gridDays(grid, { start, end: from }).filter((d) => d.end <= from) : [];
  // A day of a half-hour offset straddles hours: it has no row, and views read its hours.
  const derived = days.filter(wholeHours);
  await lockDays(client, derived.map((d) => d.start), 'exclusive');
  await rederiveTierDays(client, derived);
  const done = !days.length || !extent || days[0].start <= extent.start;
  await client.query(
    `UPDATE day_rollup_grid SET derived_from = CASE WHEN $1::boolean THEN NULL ELSE least(derived_from, to_timestamp($2::float8 / 1000)) END
      WHERE derived_from IS NOT NULL`,
    [done, days[0]?.start ?? null],
  );
  return !done;
}
