/**
 * Load benchmark: the built app (`next start`) on a fresh database with the demo day, signed-in
 * readers — API token readers of /api/v1/metrics/* and session-cookie readers of the dashboard
 * pages, all over the demo day — for a while, WHILE a generated file of requests is ingested over
 * HTTP into the same day. Prints p50/p95/p99 per kind, the slowest paths, errors, the ingest's
 * rows/s and whether it stored exactly the generated rows, and the server's peak RSS; once per
 * phase (server settings, lib/bench/load/phases.ts), in the same run, so the phases compare.
 * A reader waits --think-ms on average (0 to twice that) between answers; 0 is a saturation test.
 * Its first request comes after such a pause too (--arrival spread), or every reader's at once,
 * with the ingest's start (--arrival together: a burst, as after a restart or a shared link).
 * Usage: npm run bench:load -- [--seconds 60] [--rows 1000000] [--api-readers 35] [--page-readers 15] [--phases before,product]
 *                              [--think-ms 0] [--arrival spread|together] [--ingest-into demo|next-day]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { serverDescription } from '@/lib/bench/measure';
import { INGEST_DAYS, writeRequestFile, type IngestDay } from '@/lib/bench/load/ingestFile';
import { LOAD_PHASES, phaseText, type LoadPhase } from '@/lib/bench/load/phases';
import { ARRIVALS, runLoad, type Arrival, type LoadResult } from '@/lib/bench/load/run';
import { summaryText } from '@/lib/bench/load/stats';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { ensureBuild } from '@/lib/launch/build';

const opts = new Command('bench:load')
  .description('signed-in dashboard and API readers under a concurrent ingest: latency, errors, ingest rate and exactness, peak RSS')
  .option('--seconds <n>', 'how long the readers read', '60')
  .option('--rows <n>', 'requests ingested while they read', '1000000')
  .option('--api-readers <n>', 'readers of /api/v1/metrics/* with a read token', '35')
  .option('--page-readers <n>', 'readers of the dashboard pages with a session cookie', '15')
  .option('--phases <phases>', `server settings measured in turn, from: ${Object.keys(LOAD_PHASES).join(', ')}`, 'before,product')
  .option('--think-ms <n>', 'mean pause of a reader between answers (0: none, a saturation test)', '0')
  .addOption(new Option('--arrival <how>', "the readers' first requests: each after a pause, or all at once").choices(ARRIVALS).default('spread'))
  .addOption(new Option('--ingest-into <day>', "the readers' day (every batch moves their views) or the day after").choices(Object.keys(INGEST_DAYS)).default('demo'))
  .parse()
  .opts<{ seconds: string; rows: string; apiReaders: string; pageReaders: string; phases: string; thinkMs: string; arrival: Arrival; ingestInto: IngestDay }>();

const log = (line: string) => console.error(`[bench:load] ${line}`);

function print(phase: LoadPhase, r: LoadResult): void {
  console.log(`\n${phaseText(phase)}`);
  console.log(`  API    (/api/v1/metrics/*): ${summaryText(r.api)}`);
  console.log(`  pages  (dashboard):         ${summaryText(r.pages)}`);
  console.log(`  alone, before the load: ${r.unloaded.map((p) => `${p.path} ${p.ms.toFixed(0)} ms ${(p.bytes / 1024).toFixed(0)} KB`).join(', ')}`);
  console.log(`  slowest p95: ${r.byPath.slice(0, 6).map((p) => `${p.path} ${p.p95.toFixed(0)} ms`).join(', ')}`);
  const errors = [...r.errors].map(([what, n]) => `${n}× ${what}`);
  console.log(`  errors: ${errors.length ? errors.join(', ') : 'none'}`);
  const i = r.ingest;
  console.log(`  ingest: ${i.accepted} rows in ${i.seconds.toFixed(1)} s = ${Math.round(i.rowsPerSecond)} rows/s; stored ${i.stored.rows} rows, ` +
    `${i.stored.inputTokens} input and ${i.stored.outputTokens} output tokens: ${i.exact ? 'exactly the generated rows' : 'MISMATCH with the generated rows'}`);
  console.log(`  answers: ${r.api.count + r.pages.count} in ${opts.seconds} s (${((r.api.count + r.pages.count) / Number(opts.seconds)).toFixed(1)}/s); server peak RSS ${Math.round(r.peakRssMb)} MB`);
}

async function main(): Promise<void> {
  const phases = opts.phases.split(',').map((s) => s.trim()).filter(Boolean);
  for (const phase of phases) if (!(phase in LOAD_PHASES)) throw new Error(`--phases: "${phase}" is not one of ${Object.keys(LOAD_PHASES).join(', ')}`);
  const adminUrl = await resolveDatabaseUrl();
  console.log(`server: ${await serverDescription(adminUrl)}`);
  await ensureBuild({ root: process.cwd(), log, stdout: 'stderr' });
  const dir = mkdtempSync(path.join(tmpdir(), 'fl-bench-load-'));
  try {
    const file = path.join(dir, 'load.jsonl');
    const generated = await writeRequestFile(file, Number(opts.rows), opts.ingestInto);
    console.log(`ingesting into: ${opts.ingestInto === 'demo' ? "the readers' day (2025-02-27)" : 'a day from 2025-02-28 06:00 UTC, two hours after theirs ends'}`);
    console.log(`readers: ${opts.apiReaders} API, ${opts.pageReaders} pages, ${Number(opts.thinkMs) ? `${opts.thinkMs} ms mean pause between answers` : 'no pause between answers (saturation)'}, ` +
      `first requests ${opts.arrival === 'spread' ? 'each after a pause' : 'all at once, with the ingest'}`);
    const results: [LoadPhase, LoadResult][] = [];
    for (const phase of phases as LoadPhase[]) {
      log(phaseText(phase));
      const result = await runLoad(`fl_bench_load_${phase}`, {
        adminUrl, file, generated, seconds: Number(opts.seconds), apiReaders: Number(opts.apiReaders), pageReaders: Number(opts.pageReaders),
        thinkMs: Number(opts.thinkMs), arrival: opts.arrival, env: LOAD_PHASES[phase], log,
      });
      results.push([phase, result]);
      print(phase, result);
    }
    if (results.length > 1) {
      const [baseName, base] = results[0];
      for (const [name, r] of results.slice(1)) {
        console.log(`\n${name} against ${baseName}: API p95 ${(r.api.p95 / base.api.p95).toFixed(2)}×, pages p95 ${(r.pages.p95 / base.pages.p95).toFixed(2)}×, ` +
          `requests answered ${((r.api.count + r.pages.count) / (base.api.count + base.pages.count)).toFixed(2)}×, ingest rows/s ${(r.ingest.rowsPerSecond / base.ingest.rowsPerSecond).toFixed(2)}×`);
      }
    }
    if (results.some(([, r]) => !r.ingest.exact || r.errors.size > 0)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
