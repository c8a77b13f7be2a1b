import { randomBytes } from 'node:crypto';
import { createApiToken } from '@/lib/auth/tokens';
import { createUser } from '@/lib/auth/users';
import { freshDatabase } from '@/lib/bench/measure';
import { closeDb, createDb, type Db } from '@/lib/db/client';
import { dropDatabase } from '@/lib/db/databases';
import { loadDemo } from '@/lib/demo/demo';
import { peakRssMb, startBuiltApp } from './appProcess';
import type { GeneratedTotals } from './ingestFile';
import { apiPaths, emptyLog, ingestOverHttp, pagePaths, runReader, signInCookie, type IngestOutcome, type ReaderLog } from './readers';
import { summarise, type LatencySummary } from './stats';

export interface LoadOptions {
  adminUrl: string;
  /** The JSONL file ingested during the load, and what it holds. */
  file: string;
  generated: GeneratedTotals;
  seconds: number;
  apiReaders: number;
  pageReaders: number;
  /** A reader's mean pause between answers, ms. */
  thinkMs: number;
  /** How the readers' first requests come: each after a pause as between answers, or all at once. */
  arrival: Arrival;
  /** Server environment for this phase (lib/bench/load/phases.ts). */
  env: Record<string, string>;
  log: (line: string) => void;
}

export const ARRIVALS = ['spread', 'together'] as const;
export type Arrival = (typeof ARRIVALS)[number];

export interface LoadResult {
  api: LatencySummary;
  pages: LatencySummary;
  /** Each path alone before the load: its answer's size and time, slowest first. */
  unloaded: { path: string; bytes: number; ms: number }[];
  /** p95 of each path (query left off), slowest first. */
  byPath: { path: string; p95: number; count: number }[];
  errors: Map<string, number>;
  ingest: IngestOutcome & { rowsPerSecond: number; exact: boolean; stored: GeneratedTotals };
  peakRssMb: number;
}

const PASSWORD = `bench-${randomBytes(6).toString('hex')}`;

async function storedByJob(db: Db, jobId: string): Promise<GeneratedTotals> {
  const { rows } = await db.pool.query<GeneratedTotals>(
    `SELECT count(*)::float8 AS rows, coalesce(sum(input_tokens), 0)::float8 AS "inputTokens", coalesce(sum(output_tokens), 0)::float8 AS "outputTokens"
       FROM request WHERE job_id = $1`,
    [jobId],
  );
  return rows[0];
}

const merge = (logs: ReaderLog[], keep: (path: string) => boolean): number[] =>
  logs.flatMap((l) => [...l.latencies].filter(([path]) => keep(path)).flatMap(([, list]) => list));

/**
 * One measurement: a fresh database with the demo day, an admin and a viewer per page reader,
 * the built app; then `apiReaders` token readers of /api/v1/metrics/* and `pageReaders` signed-in
 * page readers for `seconds`, while the file is ingested over HTTP.
 */
export async function runLoad(name: string, o: LoadOptions): Promise<LoadResult> {
  const url = await freshDatabase(o.adminUrl, name, true);
  const db = createDb(url);
  try {
    o.log('loading the demo day');
    await loadDemo(db, { log: () => undefined });
    const admin = await createUser(db, { email: 'bench-admin@example.com', role: 'admin', password: PASSWORD });
    const viewers = await Promise.all(Array.from({ length: o.pageReaders }, (_, i) =>
      createUser(db, { email: `bench-viewer-${i}@example.com`, role: 'viewer', password: PASSWORD })));
    const read = await createApiToken(db, 'bench-read', ['read'], admin.id);
    const ingest = await createApiToken(db, 'bench-ingest', ['ingest'], admin.id);
    const app = await startBuiltApp(url, o.env);
    try {
      const cookies = await Promise.all(viewers.map((v) => signInCookie(app.base, v.email, PASSWORD)));
      const api = apiPaths();
      const pages = pagePaths();
      // One answer of each before the clock starts (the first request of a route loads its code),
      // then one more timed: what a path costs alone.
      const apiHeaders = { authorization: `Bearer ${read.token}` };
      const pageHeaders = { cookie: cookies[0] };
      const alone = async (path: string, headers: Record<string, string>) => {
        await fetch(`${app.base}${path}`, { headers }).then((r) => r.arrayBuffer());
        const started = performance.now();
        const bytes = (await fetch(`${app.base}${path}`, { headers }).then((r) => r.arrayBuffer())).byteLength;
        return { path: path.split('?')[0], bytes, ms: performance.now() - started };
      };
      const unloaded = [];
      for (const path of api) unloaded.push(await alone(path, apiHeaders));
      for (const path of pages) unloaded.push(await alone(path, pageHeaders));
      unloaded.sort((a, b) => b.ms - a.ms);
      o.log(`${o.apiReaders} API readers and ${o.pageReaders} page readers for ${o.seconds} s, ingesting ${o.generated.rows} rows`);
      const until = performance.now() + o.seconds * 1000;
      const logs = Array.from({ length: o.apiReaders + o.pageReaders }, emptyLog);
      // Spread, the readers are found as a steady state finds them: each somewhere in a pause.
      const pace = (i: number) => ({ offset: i, until, thinkMs: o.thinkMs, firstAfterMs: o.arrival === 'spread' ? Math.random() * 2 * o.thinkMs : 0 });
      const readers = logs.map((log, i) => i < o.apiReaders
        ? runReader(app.base, api, apiHeaders, pace(i), log)
        : runReader(app.base, pages, { cookie: cookies[i - o.apiReaders] }, pace(i), log));
      const ingested = await ingestOverHttp(app.base, ingest.token, o.file);
      await Promise.all(readers);
      const stored = await storedByJob(db, ingested.jobId);
      const exact = stored.rows === o.generated.rows && stored.inputTokens === o.generated.inputTokens && stored.outputTokens === o.generated.outputTokens
        && ingested.accepted === o.generated.rows;
      const errors = new Map<string, number>();
      for (const log of logs) for (const [key, n] of log.errors) errors.set(key, (errors.get(key) ?? 0) + n);
      const paths = new Set(logs.flatMap((l) => [...l.latencies.keys()]));
      const byPath = [...paths].map((path) => {
        const s = summarise(merge(logs, (p) => p === path));
        return { path: path.split('?')[0], p95: s.p95, count: s.count };
      }).sort((a, b) => b.p95 - a.p95);
      return {
        api: summarise(merge(logs, (p) => p.startsWith('/api/'))),
        pages: summarise(merge(logs, (p) => !p.startsWith('/api/'))),
        unloaded, byPath, errors,
        ingest: { ...ingested, rowsPerSecond: ingested.accepted / ingested.seconds, exact, stored },
        peakRssMb: peakRssMb(app.child.pid!),
      };
    } finally {
      await app.stop();
    }
  } finally {
    await closeDb(db);
    await dropDatabase(o.adminUrl, name);
  }
}
