import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { spawn } from 'node:child_process';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '@/lib/db/migrate';
import { distributeOnCitus } from '@/lib/db/citus/distribute';
import { syncDayTier } from '@/lib/db/ingest/syncDayTier';
import { createDatabase, dropDatabase, withClient } from '@/lib/db/databases';
import { BARE_TABLE_DDL } from './requestRows';

export interface Measurement {
  rows: number;
  seconds: number;
  maxRssMb?: number;
  /** CPU seconds (user + system) of the ingest process: with `seconds`, whether Node or the server bounds it. */
  nodeCpuSeconds?: number;
}

/**
 * Creates a fresh, migrated (or bare) database for one measurement and returns its URL. On a
 * Citus coordinator the migrated one is distributed; the bare table stays on the coordinator.
 */
export async function freshDatabase(adminUrl: string, name: string, migrated: boolean): Promise<string> {
  await dropDatabase(adminUrl, name);
  const url = await createDatabase(adminUrl, name);
  await withClient(url, async (c) => {
    if (!migrated) return c.query(BARE_TABLE_DDL);
    await migrate(c);
    await distributeOnCitus(c);
    await syncDayTier(c);
  });
  return url;
}

/**
 * Flushes the server's dirty pages, so that one measurement does not pay for the previous one's
 * writes (the plain COPY's rate moved by half from run to run without it).
 */
export async function checkpoint(url: string): Promise<void> {
  await withClient(url, (c) => c.query('CHECKPOINT'));
}

/**
 * Waits (up to `timeoutMs`) until no autovacuum worker runs on the server: the vacuum that a
 * million inserted rows set off in one measurement's database otherwise ran during the next
 * measurement, taking CPU from whichever it overlapped.
 */
export async function autovacuumIdle(url: string, timeoutMs = 30_000): Promise<void> {
  await withClient(url, async (c) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

/**
 * The server the figures were measured on: its version and the settings that move a COPY's rate
 * (PostgreSQL 18 initialises with data checksums on; a server without them COPYs faster).
 */
export async function serverDescription(url: string): Promise<string> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ version: string; checksums: string; buffers: string; wal: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('data_checksums') AS checksums,
              current_setting('shared_buffers') AS buffers, current_setting('max_wal_size') AS wal`,
    ),
  );
  const r = rows[0];
  return `PostgreSQL ${r.version}, data checksums ${r.checksums}, shared_buffers ${r.buffers}, max_wal_size ${r.wal}`;
}

/** The practical limit: a plain COPY of COPY-text rows into a bare, unindexed table. */
export async function plainCopy(url: string, file: string, rows: number): Promise<Measurement> {
  return withClient(url, async (c) => {
    const started = performance.now();
    await pipeline(createReadStream(file), c.query(copyFrom('COPY bench_bare FROM STDIN')));
    return { rows, seconds: (performance.now() - started) / 1000 };
  });
}

/**
 * The V8 flags of `npm run ingest` (package.json), which the benchmark's ingest runs with too.
 * GC on the main thread only (the server needs the other core), and a young generation of up to
 * 32 MB: at 16 MB, objects living a few thousand rows were promoted (129 MB against 50 MB per 1M
 * rows) and GC took twice the time, for the same peak RSS.
 * No allocation-site pretenuring: in about half the runs a scavenge found most of some hot
 * site's objects alive (--trace-pretenuring-statistics: ratio 0.86-0.89 => tenure), and V8 then
 * allocated them straight into the old generation, where only mark-compacts free them: 135-140 MB
 * of heap against 96-101, peak RSS up to 289 MB against 223-227, and ~4% slower.
 */
export const INGEST_V8_FLAGS = ['--max-semi-space-size=32', '--single-threaded-gc', '--no-allocation-site-pretenuring'];

/** Runs the project's own ingest of `file` in a child process and reads back its time and peak RSS. */
export function ingestInChild(url: string, file: string, script: string): Promise<Measurement & { accepted: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...INGEST_V8_FLAGS, '--import', 'tsx', script, '--child', file], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`ingest child exited ${code}`))));
  });
}

/** Rows and rollup totals after an ingest, to check exactly-once. */
export async function storedTotals(url: string): Promise<{ rows: number; keys: number; rollupRequests: number }> {
  const { rows } = await withClient(url, (c) =>
    // Subqueries in FROM, not in the select list: Citus runs only the former over shards.
    c.query(`SELECT r.rows, k.keys, m."rollupRequests"
       FROM (SELECT count(*)::int AS rows FROM request) r, (SELECT count(*)::int AS keys FROM request_key) k,
            (SELECT coalesce(sum(requests), 0)::float8 AS "rollupRequests" FROM rollup_request_minute) m`),
  );
  return rows[0];
}
