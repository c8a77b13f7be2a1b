import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '@/lib/db/client';
import { ingestFile } from '@/lib/ingest/ingest';
import { rawReader } from '@/lib/metrics/raw/rawReader';
import { rollupReader } from '@/lib/metrics/rollupReader';
import { firstDifference } from '@/lib/metrics/views/compare';
import { computeView, type ViewSettings } from '@/lib/metrics/views/index';
import type { View, ViewName, ViewQuery } from '@/lib/metrics/views/types';
import { profileByName } from '@/lib/simulate/profiles';
import { simulate } from '@/lib/simulate/simulate';
import { writeJsonl } from '@/lib/simulate/write';

export interface FleetDay {
  file: string;
  profile: string;
  scale: number;
  sampleIntervalS: number;
}

/** Whether the day's file was loaded completely by an earlier run. */
export async function isLoaded(db: Db, file: string): Promise<boolean> {
  const { rowCount } = await db.pool.query(`SELECT 1 FROM ingest_job WHERE file_name = $1 AND status = 'done' AND accepted > 0`, [file]);
  return Boolean(rowCount);
}

/** What the benchmark database holds: nodes and rows of the big telemetry tables. */
export async function loadedCounts(db: Db): Promise<{ nodes: number; samples: number; requests: number; loads: number }> {
  // Subqueries in FROM, not in the select list: Citus runs only the former over shards.
  const { rows } = await db.pool.query(`SELECT s.samples, r.requests, l.loads, n.nodes
     FROM (SELECT count(*)::float8 AS samples FROM gpu_sample) s, (SELECT count(*)::float8 AS requests FROM request) r,
          (SELECT count(*)::float8 AS loads FROM expert_load) l, (SELECT count(*)::int AS nodes FROM node) n`);
  return rows[0];
}

/** Writes the simulated day unless the file exists, then ingests it. */
export async function loadFleetDay(db: Db, day: FleetDay, log: (line: string) => void): Promise<void> {
  if (!existsSync(day.file)) {
    log(`simulating ${day.profile} (scale ${day.scale}, samples every ${day.sampleIntervalS} s) into ${day.file}`);
    mkdirSync(dirname(day.file), { recursive: true });
    const written = await writeJsonl(simulate(profileByName(day.profile), { seed: 1, scale: day.scale, sampleIntervalS: day.sampleIntervalS }), day.file);
    log(`${JSON.stringify(written.records)}`);
  }
  log(`ingesting ${day.file}`);
  const started = performance.now();
  const summary = await ingestFile(db, day.file, { channel: 'cli' });
  if (summary.error || summary.rejected) throw new Error(`ingest of ${day.file} failed: ${summary.error ?? `${summary.rejected} lines rejected`}`);
  log(`ingested ${summary.accepted} rows in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

export interface ViewTiming {
  view: ViewName;
  rollupMs: number[];
  rawMs: number;
  difference: string | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const medianMs = (t: ViewTiming) => median(t.rollupMs);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

export interface RollupTiming {
  view: ViewName;
  rollupMs: number[];
  result: View;
}

/** One view `runs` times from the rollups, after a warm-up run whose figures are kept for the comparison. */
export async function timeRollups(db: Db, view: ViewName, q: ViewQuery, settings: ViewSettings, runs: number): Promise<RollupTiming> {
  const rollups = rollupReader(db.pool);
  const [result] = await timed(() => computeView(view, rollups, q, settings));
  const rollupMs: number[] = [];
  for (let i = 0; i < runs; i++) rollupMs.push((await timed(() => computeView(view, rollups, q, settings)))[1]);
  return { view, rollupMs, result };
}

/** The same view once from the raw rows, its figures compared with the rollups'. */
export async function timeRaw(db: Db, t: RollupTiming, q: ViewQuery, settings: ViewSettings): Promise<ViewTiming> {
  const [fromRaw, rawMs] = await timed(() => computeView(t.view, rawReader(db.pool), q, settings));
  return { view: t.view, rollupMs: t.rollupMs, rawMs, difference: firstDifference(t.result, fromRaw) };
}
