import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@/lib/db/client';
import { withClient } from '@/lib/db/databases';
import { syncDayTier } from '@/lib/db/ingest/syncDayTier';
import { seedDemoIfEmpty } from '@/lib/db/startup';
import { DEMO_DAY } from '@/lib/demo/demo';
import { ingestFile } from '@/lib/ingest/ingest';
import { MetricsQuery } from '@/lib/metrics/views/params';
import { serveView } from '@/lib/metrics/views/serve';
import { viewCache } from '@/lib/metrics/views/viewCache';
import type { ViewName } from '@/lib/metrics/views/types';
import { FLEET_T0, TEST_FLEET } from '@/lib/metrics/views/testFleet';
import { recordToJsonLine } from '@/lib/simulate/serialize';
import { dayWindow } from '@/lib/time/day';
import type { TimeWindow } from '@/lib/time/window';

export interface RangeRun {
  view: ViewName;
  label: string;
  from: string;
  to: string;
  ms: number;
  /** Peak resident set during the run minus the resident set before it, in bytes. */
  rssGrowth: number;
}

/** A fleet to read ranges over: its one day of data, in the organisation's day. */
export interface RangeFleet {
  name: 'test' | 'demo';
  day: TimeWindow;
}

/** Loads the small test fleet (one day of data) that the ranges are read over. */
async function loadTestFleet(db: Db): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fl-bench-range-'));
  try {
    const file = path.join(dir, 'fleet.jsonl');
    writeFileSync(file, TEST_FLEET.map(recordToJsonLine).join('\n') + '\n');
    const summary = await ingestFile(db, file, { channel: 'cli' });
    if (summary.error || summary.rejected) throw new Error(`ingest of the bench fleet failed: ${summary.error ?? `${summary.rejected} lines rejected`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Loads the fleet the ranges are read over: the small test fleet (UTC days), or the demo day
 * (DeepSeek's 278 nodes, days from 12:00 Asia/Shanghai), with the day rollups keyed.
 */
export async function loadRangeFleet(db: Db, name: RangeFleet['name'] = 'test'): Promise<RangeFleet> {
  if (name === 'test') await loadTestFleet(db);
  else if ((await seedDemoIfEmpty(db, { force: true, log: () => undefined })).error) throw new Error('the demo day did not load');
  await withClient(db.url, (client) => syncDayTier(client));
  const day = name === 'test' ? { start: FLEET_T0, end: FLEET_T0 + 86_400_000 } : dayWindow(DEMO_DAY.date, DEMO_DAY.timeZone, DEMO_DAY.dayStart);
  return { name, day };
}

/**
 * Makes the range dense: every rollup row of the fleet's day copied to each of the `days` − 1
 * days before it (as if the fleet had run the same day all along). The raw rows stay one day:
 * the views read rollups.
 */
export async function copyFleetDayBack(db: Db, days: number): Promise<void> {
  const { rows } = await db.pool.query<{ table_name: string; columns: string }>(
    `SELECT c.table_name,
            string_agg(CASE WHEN c.column_name IN ('bucket', 'slot') THEN format('%I - k * interval ''1 day''', c.column_name)
                            ELSE format('%I', c.column_name) END, ', ' ORDER BY c.ordinal_position) AS columns
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name LIKE 'rollup\\_%'
        AND c.table_name <> 'rollup_node_last'
      GROUP BY 1 ORDER BY 1`,
  );
  for (const { table_name: table, columns } of rows) {
    await db.pool.query(`INSERT INTO ${table} SELECT ${columns} FROM ${table}, generate_series(1, $1::int) AS k`, [days - 1]);
  }
  await db.pool.query('VACUUM ANALYZE');
}

/** Runs `work` with the day tier unkeyed (views then read hours), and keys it again as it was. */
export async function withoutDayTier<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const { rows } = await db.pool.query<{ time_zone: string | null; day_start: string | null }>(`SELECT time_zone, day_start FROM day_rollup_grid`);
  await db.pool.query(`UPDATE day_rollup_grid SET time_zone = NULL, day_start = NULL`);
  try {
    return await work();
  } finally {
    await db.pool.query(`UPDATE day_rollup_grid SET time_zone = $1, day_start = $2`, [rows[0].time_zone, rows[0].day_start]);
  }
}

/**
 * The one-day baseline and the range measured against it: each ends at the end of the fleet's
 * day; the range is `years` long, or `days` when given.
 */
export function rangeWindows(fleet: RangeFleet, years: number, days?: number): { label: string; from: string; to: string }[] {
  const end = fleet.day.end;
  const iso = (t: number) => new Date(t).toISOString();
  const yearsBack = new Date(end);
  yearsBack.setUTCFullYear(yearsBack.getUTCFullYear() - years);
  if (days !== undefined) return [{ label: '1 day', from: iso(fleet.day.start), to: iso(end) }, { label: `${days} days`, from: iso(end - days * 86_400_000), to: iso(end) }];
  return [
    { label: '1 day', from: iso(fleet.day.start), to: iso(end) },
    { label: `${years} years`, from: iso(yearsBack.getTime()), to: iso(end) },
  ];
}

/**
 * One view as the server computes it (the view cache emptied first: a cached view costs
 * nothing), timed, with the process's resident-set growth sampled every 5 ms.
 */
export async function timeView(db: Db, view: ViewName, window: { label: string; from: string; to: string }): Promise<RangeRun> {
  viewCache().clear();
  // In the organisation's zone and day, as the dashboard opens.
  const query = MetricsQuery.parse({ from: window.from, to: window.to });
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
  const started = performance.now();
  try {
    await serveView(db, view, query);
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { view, ...window, ms, rssGrowth: peak - before };
}
