import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@/lib/db/client';
import { deleteJob, markInterruptedJobs } from '@/lib/db/ingest/jobs';
import { ingestFile, type FileSummary } from '@/lib/ingest/ingest';
import { Conflict } from '@/lib/http/errors';
import { deepseek20250227 } from '@/lib/simulate/profiles/deepseek-2025-02-27';
import type { FleetProfile } from '@/lib/simulate/profile';
import { simulate } from '@/lib/simulate/simulate';
import { writeJsonl } from '@/lib/simulate/write';
import { hasChosenDay, saveDaySettings } from '@/lib/settings/orgSettings';
import { HOUR_MS } from '@/lib/time/window';

/**
 * The demo data set: DeepSeek's reference day from the simulator, small enough to load on
 * start-up. Counters stay complete (every figure of the day's report is the published one);
 * requests are thinned to `scale` and GPU samples coarsened to `sampleIntervalS`.
 */
export interface DemoSettings {
  profile: FleetProfile;
  seed: number;
  scale: number;
  sampleIntervalS: number;
  /** Only the profile's first hours (tests); default the whole day. */
  hours?: number;
}

/**
 * ~0.42M rows (28k requests, 174k fifteen-minute GPU samples, 700 node events, 216k expert
 * loads), which `npm start` loads in about half a minute on a busy 2-core machine; 300-second
 * samples (0.55M rows more) took about a minute there. Expert loads cost little (a COPY and an
 * hourly rollup): those of the first prefill and decode unit, the whole EPLB placement of each,
 * for the first, middle and last MoE layer every 15 minutes added no measurable load time.
 */
export const DEMO_SETTINGS: DemoSettings = {
  profile: { ...deepseek20250227, expertLayers: [0, 29, 57], expertIntervalS: 900, expertUnits: 1 },
  seed: 1,
  scale: 0.0002,
  sampleIntervalS: 900,
};

/** The day the demo covers, as a daily report is asked for: the profile's window is this local day. */
export const DEMO_DAY = { date: '2025-02-27', timeZone: 'Asia/Shanghai', dayStart: '12:00' } as const;

export interface DemoLoad {
  summary: FileSummary;
  records: number;
  generateMs: number;
  ingestMs: number;
}

type Log = (line: string) => void;

const MB = 1e6;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en-US');

/** Generates the demo day into a temporary file and ingests it as one demo job (channel `demo`). */
export async function loadDemo(db: Db, options: { settings?: Partial<DemoSettings>; log?: Log } = {}): Promise<DemoLoad> {
  const s = { ...DEMO_SETTINGS, ...options.settings };
  const log = options.log ?? console.log;
  const { start, end } = s.profile.window;
  const window = { start, end: s.hours === undefined ? end : Math.min(end, start + s.hours * HOUR_MS) };
  const dir = await mkdtemp(path.join(tmpdir(), 'fleetledger-demo-'));
  try {
    const file = path.join(dir, `${s.profile.name}.jsonl`);
    log(`demo data: generating ${s.profile.name}: ${s.profile.description}; requests sampled at ${s.scale * 100}%, ${s.sampleIntervalS}-second GPU samples`);
    const generated = Date.now();
    const written = await writeJsonl(simulate(s.profile, { seed: s.seed, scale: s.scale, sampleIntervalS: s.sampleIntervalS, window, offlineAtEnd: true }), file);
    const records = Object.values(written.records).reduce((a, b) => a + b, 0);
    const generateMs = Date.now() - generated;
    log(`demo data: ${count(records)} records (${(written.bytes / MB).toFixed(0)} MB) generated in ${seconds(generateMs)}; ingesting`);
    const ingested = Date.now();
    const summary = await ingestFile(db, file, {
      channel: 'demo', demo: true, fileName: `demo/${s.profile.name}.jsonl`, onProgress: progressLog(written.bytes, log),
    });
    const ingestMs = Date.now() - ingested;
    if (summary.error) throw new Error(`the ingest failed (job ${summary.jobId || 'none'}): ${summary.error}`);
    log(`demo data: job ${summary.jobId}: ${count(summary.accepted)} rows stored, ${count(summary.duplicates)} duplicates, ${count(summary.rejected)} rejected in ${seconds(ingestMs)}; remove with \`npm run demo -- --remove\``);
    if (await adoptDemoDay(db)) log(`demo data: the organisation's day is now the demo's, from ${DEMO_DAY.dayStart} ${DEMO_DAY.timeZone} (change it on Settings)`);
    return { summary, records, generateMs, ingestMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * An organisation that never chose its day takes the demo's (DeepSeek's day runs from 12:00
 * Beijing time), so Finance and Reports show the demo day whole rather than split at 00:00 UTC.
 */
async function adoptDemoDay(db: Db): Promise<boolean> {
  if (await hasChosenDay(db)) return false;
  return saveDaySettings(db, { timeZone: DEMO_DAY.timeZone, dayStart: DEMO_DAY.dayStart }, 'demo');
}

/** A progress line as each fifth of the file is read (the last, 100%, is the summary line). */
function progressLog(totalBytes: number, log: Log) {
  let fifth = 1;
  return ({ bytesRead, lines }: { bytesRead: number; lines: number }) => {
    if (fifth > 4 || 5 * bytesRead < fifth * totalBytes) return;
    log(`demo data: ${Math.floor((100 * bytesRead) / totalBytes)}% read (${count(lines)} lines)`);
    fifth = Math.floor((5 * bytesRead) / totalBytes) + 1;
  };
}

/** Demo ingest jobs still holding rows (not deleted). */
export async function loadedDemoJobs(db: Db): Promise<{ id: bigint; status: string }[]> {
  await markInterruptedJobs(db);
  return db.prisma.ingestJob.findMany({ where: { demo: true, deletedAt: null }, select: { id: true, status: true }, orderBy: { id: 'asc' } });
}

/** Deletes every demo ingest job with all its rows (rollups rebuilt); real data is untouched. */
export async function removeDemo(db: Db): Promise<{ jobs: number; rows: number }> {
  const jobs = await loadedDemoJobs(db);
  const running = jobs.find((j) => j.status === 'running');
  if (running) throw new Conflict(`Demo data is still loading (ingest job ${running.id}); remove it once that has finished.`);
  let rows = 0;
  for (const job of jobs) rows += (await deleteJob(db, job.id)).rows;
  return { jobs: jobs.length, rows };
}
