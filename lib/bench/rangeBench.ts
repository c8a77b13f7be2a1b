import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@/lib/db/client';
import { ingestFile } from '@/lib/ingest/ingest';
import { MetricsQuery } from '@/lib/metrics/views/params';
import { serveView } from '@/lib/metrics/views/serve';
import { viewCache } from '@/lib/metrics/views/viewCache';
import type { ViewName } from '@/lib/metrics/views/types';
import { FLEET_T0, TEST_FLEET } from '@/lib/metrics/views/testFleet';
import { recordToJsonLine } from '@/lib/simulate/serialize';

export interface RangeRun {
  view: ViewName;
  label: string;
  from: string;
  to: string;
  ms: number;
  /** Peak resident set during the run minus the resident set before it, in bytes. */
  rssGrowth: number;
}

/** Loads the small test fleet (one day of data) that the ranges are read over. */
export async function loadRangeFleet(db: Db): Promise<void> {
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

/** The one-day baseline and the ranges measured against it: each ends at the end of the fleet's day. */
export function rangeWindows(years: number): { label: string; from: string; to: string }[] {
  const end = FLEET_T0 + 86_400_000;
  const iso = (t: number) => new Date(t).toISOString();
  const yearsBack = new Date(end);
  yearsBack.setUTCFullYear(yearsBack.getUTCFullYear() - years);
  return [
    { label: '1 day', from: iso(FLEET_T0), to: iso(end) },
    { label: `${years} years`, from: iso(yearsBack.getTime()), to: iso(end) },
  ];
}

/**
 * One view as the server computes it (the view cache emptied first: a cached view costs
 * nothing), timed, with the process's resident-set growth sampled every 5 ms.
 */
export async function timeView(db: Db, view: ViewName, window: { label: string; from: string; to: string }): Promise<RangeRun> {
  viewCache().clear();
  const query = MetricsQuery.parse({ from: window.from, to: window.to, tz: 'UTC' });
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
