/**
 * Ingest benchmark: the project's own ingest of generated request rows (JSONL and CSV) against
 * a plain COPY of the same rows into a bare unindexed table on the same server, in one run.
 * With --format prometheus: a fleet's Prometheus scrapes (≥ --samples samples) against the canonical
 * gpu_sample CSV of the same rows, both through the project's ingest.
 * Usage: npm run bench:ingest -- [--rows 1000000] [--gb 1] [--runs 3] [--database-url URL]
 *        npm run bench:ingest -- --format prometheus [--samples 10000000] [--runs 3] [--database-url URL]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { closeDb, createDb } from '@/lib/db/client';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { writeBenchFiles, writeLargeFiles } from '@/lib/bench/files';
import { writeScrapeFiles, type ScrapeFiles } from '@/lib/bench/scrapeFiles';
import { autovacuumIdle, checkpoint, freshDatabase, ingestInChild, plainCopy, serverDescription, storedTotals, type Measurement } from '@/lib/bench/measure';
import { dropDatabase, withClient } from '@/lib/db/databases';
import { ingestFile } from '@/lib/ingest/ingest';

const program = new Command('bench:ingest')
  .description('time the ingest against a plain COPY of the same rows (ratios printed)')
  .option('--rows <n>', 'request rows to generate', '1000000')
  .option('--gb <n>', 'also time a generated JSONL file of this many GB, against a plain COPY of its rows')
  .option('--runs <n>', 'rounds of measurements (the best of each is reported)', '3')
  .option('--format <format>', 'requests (JSONL and CSV against a plain COPY), or prometheus (scrapes against the CSV of the same rows)', 'requests')
  .option('--samples <n>', 'with --format prometheus: samples to generate', '10000000')
  .option('--database-url <url>', 'the server to measure on, through its admin database (a Citus coordinator: the databases are distributed); default DATABASE_URL or the embedded server')
  .option('--child <file>', 'internal: ingest FILE into DATABASE_URL and print time and peak RSS as JSON')
  .parse();
const opts = program.opts<{ rows: string; gb?: string; runs: string; format: string; samples: string; databaseUrl?: string; child?: string }>();

async function child(file: string): Promise<void> {
  const db = createDb(process.env.DATABASE_URL!);
  const started = performance.now();
  const summary = await ingestFile(db, file, { channel: 'cli' });
  const seconds = (performance.now() - started) / 1000;
  await closeDb(db);
  if (summary.error) throw new Error(summary.error);
  const usage = process.resourceUsage();
  const nodeCpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(JSON.stringify({ rows: summary.accepted + summary.duplicates, accepted: summary.accepted, seconds, maxRssMb: usage.maxRSS / 1024, nodeCpuSeconds }));
}

/** The fastest run, with the peak RSS of all of them (the memory target holds for every run). */
const best = (ms: Measurement[]): Measurement => ({
  ...ms.reduce((b, m) => (m.seconds < b.seconds ? m : b)),
  maxRssMb: ms.some((m) => m.maxRssMb) ? Math.max(...ms.map((m) => m.maxRssMb ?? 0)) : undefined,
});
const runsOf = (ms: Measurement[]) => `  (runs: ${ms.map(rate).join(', ')} rows/s)`;
/**
 * The median of each round's ingest against that round's COPY: best against best is the
 * generous reading when the machine's speed drifts, this one the sober one.
 */
function pairedMedian(ms: Measurement[], copies: Measurement[]): number {
  const ratios = ms.map((m, i) => rate(m) / rate(copies[i])).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  return ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
}

/** The project's ingest of `file` in a child process, its stored rows and rollups checked for exactly-once. */
async function checkedIngest(url: string, file: string, script: string, rows: number): Promise<Measurement> {
  const m = await ingestInChild(url, file, script);
  const totals = await storedTotals(url);
  if (m.accepted !== rows || totals.rows !== rows || totals.keys !== rows || totals.rollupRequests !== rows)
    throw new Error(`${file}: stored ${JSON.stringify(totals)} for ${rows} rows (accepted ${m.accepted})`);
  return m;
}
const rate = (m: Measurement) => Math.round(m.rows / m.seconds);
const line = (label: string, m: Measurement, base?: Measurement) =>
  `${label.padEnd(36)} ${String(rate(m)).padStart(9)} rows/s  ${m.seconds.toFixed(2).padStart(7)} s` +
  (base ? `  ratio ${(rate(m) / rate(base)).toFixed(2)} of plain COPY` : '') +
  (m.maxRssMb ? `  peak RSS ${Math.round(m.maxRssMb)} MB` : '') +
  (m.nodeCpuSeconds ? `  Node CPU ${m.nodeCpuSeconds.toFixed(1)} s` : '');

/** Stored gpu_sample rows and token sums, to check that both ingests stored the same. */
async function storedSamples(url: string): Promise<{ rows: number; input: number; output: number }> {
  const { rows } = await withClient(url, (c) =>
    c.query(`SELECT count(*)::int AS rows, coalesce(sum(input_tokens), 0)::float8 AS input, coalesce(sum(output_tokens), 0)::float8 AS output FROM gpu_sample`),
  );
  return rows[0];
}

async function checkedSamples(url: string, file: string, script: string, expected: ScrapeFiles): Promise<Measurement> {
  const m = await ingestInChild(url, file, script);
  const stored = await storedSamples(url);
  if (stored.rows !== expected.rows || stored.input !== expected.inputTokens || stored.output !== expected.outputTokens) {
    throw new Error(`${file}: stored ${JSON.stringify(stored)}, expected ${expected.rows} rows, ${expected.inputTokens} input and ${expected.outputTokens} output tokens`);
  }
  return { ...m, rows: stored.rows };
}

/** --format prometheus: the scrapes against the canonical CSV of the same rows, on fresh databases, round by round. */
async function benchScrapes(dir: string, script: string, onFresh: OnFresh): Promise<void> {
  console.log(`generating a fleet's scrapes of at least ${opts.samples} samples in ${dir}`);
  const files = await writeScrapeFiles(dir, Number(opts.samples));
  console.log(`${files.samples} samples in ${files.prometheus}; ${files.rows} gpu_sample rows in ${files.csv}`);
  const measured = { csv: [] as Measurement[], prometheus: [] as Measurement[] };
  for (let round = 0; round < Number(opts.runs); round++) {
    measured.csv.push(await onFresh('fl_bench_csv', true, (url) => checkedSamples(url, files.csv, script, files)));
    measured.prometheus.push(await onFresh('fl_bench_prom', true, (url) => checkedSamples(url, files.prometheus, script, files)));
  }
  const csv = best(measured.csv);
  const prom = best(measured.prometheus);
  console.log(`${line(`ingest canonical CSV, best of ${opts.runs}`, csv)}${runsOf(measured.csv)}`);
  console.log(`${line(`ingest Prometheus scrapes, best of ${opts.runs}`, prom)}${runsOf(measured.prometheus)}`);
  const samplesPerSecond = Math.round(files.samples / prom.seconds);
  const median = pairedMedian(measured.prometheus, measured.csv).toFixed(2);
  console.log(`Prometheus: ${samplesPerSecond} samples/s end to end; ratio ${(rate(prom) / rate(csv)).toFixed(2)} of the CSV of the same rows (round by round: median ${median})`);
}

type OnFresh = (name: string, migrated: boolean, measure: (url: string) => Promise<Measurement>) => Promise<Measurement>;

async function main(): Promise<void> {
  if (opts.child) return child(opts.child);
  const rows = Number(opts.rows);
  const admin = opts.databaseUrl ?? (await resolveDatabaseUrl());
  const dir = mkdtempSync(path.join(tmpdir(), 'fleetledger-bench-'));
  const script = fileURLToPath(import.meta.url);
  /** `measure` on a fresh database of its own, dropped right after (with the vacuum its rows would set off). */
  const onFresh = async (name: string, migrated: boolean, measure: (url: string) => Promise<Measurement>) => {
    try {
      const url = await freshDatabase(admin, name, migrated);
      await checkpoint(url);
      await autovacuumIdle(admin);
      return await measure(url);
    } finally {
      await dropDatabase(admin, name);
    }
  };
  try {
    console.log(`server: ${await serverDescription(admin)}`);
    if (opts.format === 'prometheus') return await benchScrapes(dir, script, onFresh);
    if (opts.format !== 'requests') throw new Error(`--format: requests or prometheus, not ${opts.format}`);
    console.log(`generating ${rows} request rows (random UUID ids) in ${dir}`);
    const files = await writeBenchFiles(dir, rows);
    // This machine's speed moves a lot from run to run: each measurement is the best of a few
    // rounds, and a round times all three in turn, so a slow spell weighs on each alike.
    const runs = Number(opts.runs);
    const measured = { copy: [] as Measurement[], jsonl: [] as Measurement[], csv: [] as Measurement[] };
    for (let round = 0; round < runs; round++) {
      measured.copy.push(await onFresh('fl_bench_copy', false, (url) => plainCopy(url, files.copyText, rows)));
      for (const format of ['jsonl', 'csv'] as const) {
        measured[format].push(await onFresh(`fl_bench_${format}`, true, (url) => checkedIngest(url, files[format], script, rows)));
      }
    }
    const copy = best(measured.copy);
    console.log(`${line(`plain COPY (bare table), best of ${runs}`, copy)}${runsOf(measured.copy)}`);
    for (const [label, ms] of [['JSONL', measured.jsonl], ['CSV', measured.csv]] as const) {
      const median = pairedMedian(ms, measured.copy).toFixed(2);
      console.log(`${line(`ingest ${label}, best of ${runs}`, best(ms), copy)}  round by round: median ratio ${median}${runsOf(ms)}`);
    }
    if (opts.gb) {
      // Against a plain COPY of the same rows: a bigger table and more WAL slow the COPY too.
      const large = await writeLargeFiles(dir, Number(opts.gb) * 1024 ** 3);
      const largeCopy = await onFresh('fl_bench_copy', false, (url) => plainCopy(url, large.copyText, large.rows));
      console.log(line(`plain COPY, the same ${opts.gb} GB of rows`, largeCopy));
      const m = await onFresh('fl_bench_large', true, (url) => checkedIngest(url, large.jsonl, script, large.rows));
      console.log(line(`ingest ${opts.gb} GB JSONL (${large.rows} rows)`, m, largeCopy));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
