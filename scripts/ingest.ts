/**
 * Loads telemetry files into the database, or corrects what was loaded.
 * Usage: npm run -s ingest -- [--json] [--replace] [--trace-start ISO] [--scrape-time ISO] [--mapping FILE] FILE...
 *        npm run -s ingest -- --jobs | --delete-job ID
 */
import { readFile, stat } from 'node:fs/promises';
import { Command } from 'commander';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { listJobs } from '@/lib/db/ingest/listJobs';
import { applyMigrations } from '@/lib/db/startup';
import { DEFAULT_BATCH, ingestFile, type FileSummary } from '@/lib/ingest/ingest';
import { createProgressBar } from '@/lib/cli/progressBar';
import { formatSummary } from '@/lib/cli/summaryText';
import { metricMappingSchema, type MetricMappingInput } from '@/lib/ingest/metrics/mapping';
import { deleteIngestJob } from '@/lib/ingest/deleteIngestJob';

const program = new Command('ingest')
  .usage('[options] FILE...')
  .description('load telemetry files (canonical JSONL/CSV, gzip or plain, and the importers of docs/formats.md)')
  .argument('[files...]')
  .option('--json', 'print the summary as JSON on stdout, and nothing else')
  .option('--replace', 'replace rows whose keys are already stored instead of skipping them')
  .option('--trace-start <iso>', 'start instant of traces with relative timestamps (Mooncake, BurstGPT)')
  .option('--scrape-time <iso>', 'time of a Prometheus scrape file whose samples carry no timestamps')
  .option('--mapping <file>', "JSON file: which metric labels name node, GPU and role (docs/formats.md); default: the organisation's")
  .option('--batch-size <rows>', `largest number of records per transaction (default ${DEFAULT_BATCH})`, (v) => Number(v))
  .option('--jobs', 'list past ingest jobs')
  .option('--delete-job <id>', 'delete an ingest job and every row it stored')
  .parse();

interface Options {
  json?: boolean;
  replace?: boolean;
  traceStart?: string;
  scrapeTime?: string;
  mapping?: string;
  batchSize?: number;
  jobs?: boolean;
  deleteJob?: string;
}

function instantOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text)) throw new Error(`${name}: not an ISO instant with a zone: ${text}`);
  return ms;
}

async function readMapping(file: string | undefined): Promise<MetricMappingInput | undefined> {
  if (file === undefined) return undefined;
  const parsed = metricMappingSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`--mapping ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function main(): Promise<number> {
  const opts = program.opts<Options>();
  const db = await getDb();
  await applyMigrations(db.url);
  if (opts.deleteJob) {
    const { rows } = await deleteIngestJob(db, BigInt(opts.deleteJob));
    console.log(`deleted ingest job ${opts.deleteJob}: ${rows} rows removed, rollups rebuilt`);
    return 0;
  }
  if (opts.jobs) {
    for (const j of await listJobs(db, 50)) {
      const data = j.firstTs ? `data ${j.firstTs} – ${j.lastTs}` : 'no data';
      console.log(`${j.id}\t${j.status}\t${j.createdAt}\t${j.fileName}\t${j.accepted} accepted\t${j.rejected} rejected\t${data}`);
    }
    return 0;
  }
  if (!program.args.length) program.help({ error: true });
  const traceStart = instantOption('--trace-start', opts.traceStart);
  const scrapeTime = instantOption('--scrape-time', opts.scrapeTime);
  const metricMapping = await readMapping(opts.mapping);

  const files: FileSummary[] = [];
  for (const file of program.args) {
    const size = await stat(file).then((s) => s.size, () => 0);
    const bar = process.stderr.isTTY ? createProgressBar(file, size) : null; // progress only on a terminal
    const summary = await ingestFile(db, file, {
      channel: 'cli', replace: opts.replace, traceStart, scrapeTime, metricMapping, batchSize: opts.batchSize, onProgress: bar?.update,
    });
    bar?.stop();
    files.push(summary);
    if (!opts.json) console.log(formatSummary(summary));
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ files })}\n`);
  return files.some((f) => f.error) ? 1 : 0;
}

main()
  .then(async (code) => {
    await closeGlobalDb();
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`ingest: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(2);
  });
