/**
 * Range benchmark: the overview over a long range against a one-day baseline, in one process
 * (the view as the server computes it), time and resident-set growth of each.
 * Usage: npm run bench:range -- [--database fl_bench_range] [--years 10] [--runs 3]
 */
import { Command } from 'commander';
import { closeDb, createDb } from '@/lib/db/client';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { freshDatabase } from '@/lib/bench/measure';
import { loadRangeFleet, rangeWindows, timeOverview, type RangeRun } from '@/lib/bench/rangeBench';

const program = new Command('bench:range')
  .description('time the overview over a long range and its memory growth against a one-day baseline measured in the same run')
  .option('--database <name>', 'database for the run (recreated)', 'fl_bench_range')
  .option('--years <n>', 'length of the long range in years', '10')
  .option('--runs <n>', 'runs of each range (the median time and the largest growth are shown)', '3')
  .parse();
const opts = program.opts<{ database: string; years: string; runs: string }>();

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

async function main(): Promise<void> {
  const url = await freshDatabase(await resolveDatabaseUrl(), opts.database, true);
  const db = createDb(url, 10);
  try {
    await loadRangeFleet(db);
    const results: { label: string; ms: number; rssGrowth: number }[] = [];
    for (const window of rangeWindows(Number(opts.years))) {
      const runs: RangeRun[] = [];
      for (let i = 0; i < Number(opts.runs); i++) runs.push(await timeOverview(db, window));
      const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
      results.push({ label: window.label, ms, rssGrowth: Math.max(...runs.map((r) => r.rssGrowth)) });
      console.log(`overview ${window.label.padEnd(9)} ${window.from} → ${window.to}  ${ms.toFixed(0).padStart(7)} ms  RSS +${mb(Math.max(...runs.map((r) => r.rssGrowth)))}`);
    }
    const [base, long] = results;
    console.log(`${long.label} against 1 day: ${(long.ms / base.ms).toFixed(1)}× the time, RSS growth ${mb(long.rssGrowth)} against ${mb(base.rssGrowth)}`);
  } finally {
    await closeDb(db);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
