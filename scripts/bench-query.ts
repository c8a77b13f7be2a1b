/**
 * Query benchmark: a DeepSeek-size fleet day (278 nodes × 8 GPUs, samples every 10 s, ~1M
 * sampled requests) loaded once into its own database, then each metrics view over the day from
 * the rollups (median of --runs) and from the raw rows, with their figures compared.
 * Usage: npm run bench:query -- [--database fl_bench_query] [--file .data/bench/deepseek-day-10s.jsonl.gz]
 *                               [--scale 0.007] [--sample-interval 10] [--runs 7] [--views overview,nodes] [--database-url URL]
 */
import { Command } from 'commander';
import { closeDb, createDb } from '@/lib/db/client';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { applyMigrations } from '@/lib/db/startup';
import { databaseUrlFor, ensureDatabase, withClient } from '@/lib/db/databases';
import { distributeOnCitus } from '@/lib/db/citus/distribute';
import { loadavg } from 'node:os';
import { isLoaded, loadedCounts, loadFleetDay, medianMs, timeRaw, timeRollups, type RollupTiming, type ViewTiming } from '@/lib/bench/queryBench';
import { loadViewSettings } from '@/lib/metrics/views/index';
import { VIEW_NAMES, type ViewName } from '@/lib/metrics/views/types';
import { profileByName } from '@/lib/simulate/profiles';

const program = new Command('bench:query')
  .description('time every metrics view over a DeepSeek-size day from the rollups against the raw rows (figures must agree)')
  .option('--database <name>', 'database holding the benchmark day (created and loaded when missing)', 'fl_bench_query')
  .option('--file <path>', 'the simulated day (written when missing)', '.data/bench/deepseek-day-10s.jsonl.gz')
  .option('--profile <name>', 'simulator profile', 'deepseek-2025-02-27')
  .option('--scale <f>', 'request sampling rate (0.007: ~1M requests)', '0.007')
  .option('--sample-interval <s>', 'seconds per gpu_sample', '10')
  .option('--runs <n>', 'timed runs per view from the rollups', '7')
  .option('--database-url <url>', 'the server to measure on, through its admin database (a Citus coordinator: the database is distributed); default DATABASE_URL or the embedded server')
  .option('--views <list>', `comma-separated views (default: all of ${VIEW_NAMES.join(', ')})`)
  .parse();
const opts = program.opts<{ database: string; file: string; profile: string; scale: string; sampleInterval: string; runs: string; views?: string; databaseUrl?: string }>();

const TARGET_MS = 100;
const TARGET_SPEEDUP = 20;

function line(t: ViewTiming): string {
  const med = medianMs(t);
  const speedup = t.rawMs / med;
  const ok = med < TARGET_MS && speedup >= TARGET_SPEEDUP;
  const fastest = Math.min(...t.rollupMs);
  return `${t.view.padEnd(11)} ${med.toFixed(1).padStart(8)} ms ${t.rawMs.toFixed(0).padStart(9)} ms ${speedup.toFixed(0).padStart(7)}×  ${t.difference ? 'DIFFERENT' : 'identical'}  ${ok ? 'meets target' : 'MISSES TARGET'}  (fastest ${fastest.toFixed(1)} ms)`;
}

async function main(): Promise<number> {
  const admin = opts.databaseUrl ?? (await resolveDatabaseUrl());
  await ensureDatabase(admin, opts.database);
  const url = databaseUrlFor(admin, opts.database);
  await applyMigrations(url);
  await withClient(url, (c) => distributeOnCitus(c));
  const db = createDb(url, 4);
  try {
    if (!(await isLoaded(db, opts.file))) {
      await loadFleetDay(db, { file: opts.file, profile: opts.profile, scale: Number(opts.scale), sampleIntervalS: Number(opts.sampleInterval) }, console.log);
    }
    const counts = await loadedCounts(db);
    console.log(`database ${opts.database}: ${counts.nodes} nodes, ${counts.samples} gpu_sample, ${counts.requests} request, ${counts.loads} expert_load rows`);
    const profile = profileByName(opts.profile);
    const q = { window: profile.window, step: '1h' as const, timeZone: 'Asia/Shanghai', dayStart: '12:00' };
    const settings = await loadViewSettings(db);
    const views = (opts.views?.split(',') ?? VIEW_NAMES) as ViewName[];
    console.log(`24 h from ${new Date(q.window.start).toISOString()}, 1 h steps; median of ${opts.runs} runs from the rollups, one from the raw rows`);
    const fromRollups: RollupTiming[] = [];
    for (const view of views) fromRollups.push(await timeRollups(db, view, q, settings, Number(opts.runs)));
    console.log(`rollups timed (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}); now the raw rows`);
    console.log(`${'view'.padEnd(11)} ${'rollups'.padStart(11)} ${'raw rows'.padStart(12)} ${'speedup'.padStart(8)}`);
    const timings: ViewTiming[] = [];
    for (const r of fromRollups) {
      const t = await timeRaw(db, r, q, settings);
      timings.push(t);
      console.log(line(t));
      if (t.difference) console.log(`  first difference: ${t.difference}`);
    }
    const differ = timings.filter((t) => t.difference);
    if (differ.length) console.error(`FAIL: ${differ.map((t) => t.view).join(', ')} differ between rollups and raw rows`);
    return differ.length ? 1 : 0;
  } finally {
    await closeDb(db);
  }
}

main()
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
