import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Db } from '@/lib/db/client';
import { createJob, finishJob, type IngestChannel } from '@/lib/db/ingest/jobs';
import { loadNodeRoles } from '@/lib/db/ingest/nodeRoles';
import { BatchWriter, type BatchResult } from '@/lib/db/ingest/writer';
import { getMetricMapping } from '@/lib/settings/metricMapping';
import type { MetricMappingInput } from './metrics/mapping';
import type { MetricNotice } from './metrics/notices';
import { BatchSizes } from './batchSizes';
import { DEFAULT_TRACE_START, FormatError, type LineError, type ParseOutput } from './format';
import { fileChunks } from './fileChunks';
import type { InflateBudget } from './inflateBudget';
import { openParsedStream, type ByteSource, type ParsedStream } from './read';
import { DELETED_WHILE_INGESTING, startRun } from './runningJobs';

export interface IngestOptions {
  fileName: string;
  channel: IngestChannel;
  /** Replace rows whose keys are already stored instead of skipping them. */
  replace?: boolean;
  demo?: boolean;
  /** Start of a trace whose timestamps are relative (Mooncake, BurstGPT), epoch ms. */
  traceStart?: number;
  /** Time of a Prometheus scrape whose samples carry no timestamp, epoch ms. */
  scrapeTime?: number;
  /** A metric mapping for this input (`--mapping FILE`), instead of the organisation's. */
  metricMapping?: MetricMappingInput;
  onProgress?: (progress: IngestProgress) => void;
  /** The most records per transaction. */
  batchSize?: number;
  /** Size of the input in bytes, when known: the last transactions are then kept short. */
  totalBytes?: number;
  /** Limits on what a gzip input inflates to (an upload's). */
  inflateBudget?: InflateBudget;
  /** Told the job's id once the job exists, before any line is stored. */
  onJob?: (jobId: bigint) => void;
}

export interface IngestProgress {
  bytesRead: number;
  lines: number;
}

/** The per-file summary of `npm run ingest -- --json` and POST /api/v1/ingest. */
export interface FileSummary {
  file: string;
  format: string | null;
  jobId: string;
  accepted: number;
  duplicates: number;
  replaced: number;
  rejected: number;
  errors: { line: number; field: string | null; message: string }[];
  /** Metric inputs: metrics not read, series not placed, samples skipped (none of them errors). */
  notices?: MetricNotice[];
  /** The instant relative timestamps were counted from, for a format that has them (Mooncake, BurstGPT). */
  traceStart?: string;
  /** The first and last record time of the rows the job stored, when it stored any. */
  firstTs?: string;
  lastTs?: string;
  error?: string;
}

/** Rejected lines listed in a summary; every one of them is stored with the job. */
export const SUMMARY_ERROR_LIMIT = 1000;
const MAX_LINE_BYTES = 1024 * 1024;
// Records per transaction. Rows wait encoded off the heap, so a batch costs little memory, and
// larger batches spare the server per-statement work and put more keys in each index leaf it
// visits: 60,000 took ~0.65 s less server CPU per 1M requests than 30,000 (six interleaved
// pairs). 50,000 keeps the peak RSS near 230 MB; 90,000 raised it to ~255 MB.
export const DEFAULT_BATCH = 50_000;

/**
 * Ingests one file or request body: detect the format, parse and validate line by line, and
 * store batches exactly once. Parsing and encoding the next batch overlap the database's work
 * on earlier ones (up to `writer.concurrency` transactions in flight).
 */
export async function ingestStream(db: Db, input: ByteSource, opts: IngestOptions): Promise<FileSummary> {
  const summary: FileSummary = {
    file: opts.fileName, format: null, jobId: '', accepted: 0, duplicates: 0, replaced: 0, rejected: 0, errors: [],
  };
  let opened: OpenedInput;
  try {
    opened = await openInput(db, input, opts);
  } catch (e) {
    // Refused before any line was read (empty, binary, unrecognised, a header no line can load):
    // there is nothing to list or delete, so no job.
    summary.error = (e as Error).message;
    return summary;
  }
  const { format } = opened.parsed;
  summary.format = format.name;
  if (format.relativeTime) summary.traceStart = new Date(opts.traceStart ?? DEFAULT_TRACE_START).toISOString();
  let jobId: bigint;
  try {
    jobId = await createJob(db, { channel: opts.channel, fileName: opts.fileName, replace: opts.replace, demo: opts.demo });
  } catch (e) {
    await opened.outputs.return?.(undefined);
    throw e;
  }
  summary.jobId = String(jobId);
  opts.onJob?.(jobId);
  const run = startRun(jobId);
  // A pending read of the input would keep waiting: destroying it ends the read at once.
  const stop = () => input.destroy();
  run.signal.addEventListener('abort', stop, { once: true });
  let span: Awaited<ReturnType<typeof finishJob>>;
  try {
    try {
      await writeBatches(db, jobId, opened, opts, summary, run.signal);
    } catch (e) {
      summary.error = run.signal.aborted ? DELETED_WHILE_INGESTING : (e as Error).message;
    }
    // Once the writer has given its connections back: a pool no larger than it took has none left.
    span = await finishJob(db, jobId, { format: summary.format, error: summary.error, notices: summary.notices });
  } finally {
    run.signal.removeEventListener('abort', stop);
    run.stopped();
  }
  if (span.minTs && span.maxTs) Object.assign(summary, { firstTs: span.minTs.toISOString(), lastTs: span.maxTs.toISOString() });
  return summary;
}

interface OpenedInput {
  parsed: ParsedStream;
  outputs: AsyncIterator<ParseOutput>;
  first: IteratorResult<ParseOutput>;
}

/** Detects the format and parses the head: what refuses a whole file fails here, before its job exists. */
async function openInput(db: Db, input: ByteSource, opts: IngestOptions): Promise<OpenedInput> {
  const parsed = await openParsedStream(input, {
    now: Date.now(),
    maxLineBytes: MAX_LINE_BYTES,
    fileName: opts.fileName,
    traceStart: opts.traceStart,
    scrapeTime: opts.scrapeTime,
    inflateBudget: opts.inflateBudget,
    metricContext: async () => ({ metricMapping: await getMetricMapping(db, opts.metricMapping), nodeRole: await loadNodeRoles(db) }),
  });
  const outputs = parsed.outputs[Symbol.asyncIterator]();
  // Outputs holding nothing are dropped until one holds something: a file with no line to load
  // or reject (a CSV header alone, blank lines) is then refused before its job exists.
  let first = await outputs.next();
  while (!first.done && isEmpty(first.value)) first = await outputs.next();
  if (first.done) throw new FormatError(`${opts.fileName} holds no data: no line is a record (a header alone, or only blank lines or comments)`);
  return { parsed, outputs, first };
}

const isEmpty = (out: ParseOutput): boolean => out.records.length === 0 && out.errors.length === 0 && out.lines === 0 && !out.notices?.length;

/** Stores the parsed batches, adding what each stored to `summary`. */
async function writeBatches(db: Db, jobId: bigint, input: OpenedInput, opts: IngestOptions, summary: FileSummary, signal: AbortSignal): Promise<void> {
  const { parsed, outputs } = input;
  const writer = await BatchWriter.open(db, jobId, opts.replace ?? false).catch(async (e: unknown) => {
    await outputs.return?.(undefined);
    throw e;
  });
  // Commits in flight, oldest first; a failed one surfaces when it is awaited.
  const inFlight: Promise<void>[] = [];
  const settle = async () => {
    const oldest = inFlight.shift();
    if (oldest) await oldest;
  };
  // Seals the open batch while earlier ones' transactions run, then starts its own.
  const send = async (bytesRead: number) => {
    const sealed = await writer.seal(bytesRead);
    while (inFlight.length >= writer.concurrency) await settle();
    const commit = writer.commit(sealed).then((r) => addResult(summary, r));
    commit.catch(() => undefined);
    inFlight.push(commit);
  };
  try {
    let lines = 0;
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;
    const batches = opts.replace ? BatchSizes.full(batchSize) : new BatchSizes(batchSize, opts.totalBytes ?? null);
    for (let next = input.first; !next.done; next = await outputs.next()) {
      signal.throwIfAborted();
      const out = next.value;
      writer.add(out.records, out.errors);
      if (out.notices) summary.notices = out.notices;
      lines += out.lines;
      keepErrors(summary, out.errors);
      opts.onProgress?.({ bytesRead: parsed.bytesRead(), lines });
      if (batches.due(writer.size) || writer.rejected >= SUMMARY_ERROR_LIMIT) {
        await send(parsed.bytesRead());
        batches.sent(parsed.bytesRead(), lines);
      }
    }
    signal.throwIfAborted();
    await send(parsed.bytesRead());
    while (inFlight.length) await settle();
  } catch (e) {
    await Promise.allSettled(inFlight);
    throw e;
  } finally {
    await outputs.return?.(undefined);
    writer.release();
  }
}

function keepErrors(summary: FileSummary, errors: LineError[]): void {
  for (const e of errors) {
    if (summary.errors.length >= SUMMARY_ERROR_LIMIT) return;
    summary.errors.push({ line: e.line, field: e.field, message: e.message });
  }
}

function addResult(summary: FileSummary, r: BatchResult): void {
  summary.accepted += r.accepted;
  summary.duplicates += r.duplicates;
  summary.replaced += r.replaced;
  summary.rejected += r.rejected;
}

/** Ingests a file from disk; a file that cannot be opened gets a summary with `error` and no job. */
export async function ingestFile(db: Db, filePath: string, opts: Omit<IngestOptions, 'fileName'> & { fileName?: string }): Promise<FileSummary> {
  const fileName = opts.fileName ?? filePath;
  let totalBytes: number;
  try {
    await access(filePath, constants.R_OK);
    const file = await stat(filePath);
    if (!file.isFile()) throw new Error('not a regular file');
    totalBytes = file.size;
  } catch (e) {
    return { file: fileName, format: null, jobId: '', accepted: 0, duplicates: 0, replaced: 0, rejected: 0, errors: [], error: `cannot read ${filePath}: ${(e as Error).message}` };
  }
  return ingestStream(db, fileChunks(filePath), { ...opts, fileName, totalBytes });
}
