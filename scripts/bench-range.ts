/**
 * Range benchmark: every view over a long range against a one-day baseline, in one process (the
 * views as the server computes them), time and resident-set growth of each.
 * Usage: npm run bench:range -- [--database fl_bench_range] [--fleet test|demo] [--years 10 | --days 90] [--runs 3] [--views overview,nodes] [--dense]
 */
import { Command } from 'commander';
import { closeDb, createDb } from '@/lib/db/client';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { freshDatabase } from '@/lib/bench/measure';
import { copyFleetDayBack, loadRangeFleet, rangeWindows, withoutDayTier, timeView, type RangeRun } from '@/lib/bench/rangeBench';
import { VIEW_NAMES, type ViewName } from '@/lib/metrics/views/types';

const program = new Command('bench:range')
  .description('time every view over a long range and its memory growth against a one-day baseline measured in the same run')
  .option('--database <name>', 'database for the run (recreated)', 'fl_bench_range')
  .option('--fleet <name>', 'the day read: test (a small fleet, UTC days) or demo (DeepSeek\'s 278 nodes, days from 12:00 Asia/Shanghai)', 'test')
  .option('--years <n>', 'length of the long range in years', '10')
  .option('--days <n>', 'length of the long range in days (instead of --years)')
  .option('--runs <n>', 'runs of each range (the median time and the largest growth are shown)', '3')
  .option('--views <names>', 'comma-separated views to time', VIEW_NAMES.join(','))
  .option('--dense', 'copy the fleet\'s day of rollups to every day of the long range (data all along, not one day in it), and time it without the day rollups too')
  .parse();
const opts = program.opts<{ database: string; fleet: string; years: string; days?: string; runs: string; views: string; dense?: boolean }>();

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

function parseViews(text: string): ViewName[] {
  const names = text.split(',');
  const unknown = names.filter((n) => !(VIEW_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`--views: unknown view(s) ${unknown.join(', ')}; known: ${VIEW_NAMES.join(', ')}`);
  return names as ViewName[];
}

async function medianRun(runs: () => Promise<RangeRun>, count: number): Promise<{ ms: number; rssGrowth: number }> {
  const done: RangeRun[] = [];
  for (let i = 0; i < count; i++) done.push(await runs());
  return { ms: done.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(done.length / 2)], rssGrowth: Math.max(...done.map((r) => r.rssGrowth)) };
}

async function main(): Promise<void> {
  const views = parseViews(opts.views);
  const url = await freshDatabase(await resolveDatabaseUrl(), opts.database, true);
  const db = createDb(url, 10);
  try {
    if (opts.fleet !== 'test' && opts.fleet !== 'demo') throw new Error(`--fleet: ${opts.fleet} is not test or demo`);
    const fleet = await loadRangeFleet(db, opts.fleet);
    const [day, long] = rangeWindows(fleet, Number(opts.years), opts.days === undefined ? undefined : Number(opts.days));
    if (opts.dense) await copyFleetDayBack(db, Math.round((Date.parse(long.to) - Date.parse(long.from)) / 86_400_000));
    const cell = (r: { ms: number; rssGrowth: number }) => `${r.ms.toFixed(0).padStart(6)} ms +${mb(r.rssGrowth).padStart(6)}`;
    const hoursOnly = opts.dense ? `  ${`${long.label}, hours only`.padStart(23)}` : '';
    console.log(`view        ${day.label.padStart(9)}           ${long.label.padStart(9)}           ratio${hoursOnly}`);
    for (const view of views) {
      const base = await medianRun(() => timeView(db, view, day), Number(opts.runs));
      const range = await medianRun(() => timeView(db, view, long), Number(opts.runs));
      // The baseline of the day tier: the same range with the tier unkeyed (views read hours).
      const hours = opts.dense ? await withoutDayTier(db, () => medianRun(() => timeView(db, view, long), Number(opts.runs))) : null;
      const against = hours ? `  ${cell(hours)} (${(hours.ms / range.ms).toFixed(1)}× the tier's)` : '';
      console.log(`${view.padEnd(11)} ${cell(base)}  ${cell(range)}  ${(range.ms / base.ms).toFixed(1)}×${against}`);
    }
  } finally {
    await closeDb(db);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
