import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { recordToJsonLine } from './serialize';

/**
 * One output format: records in, text out. Pure (no I/O); it may hold records back until it can
 * write them (a scrape waits for its instant to be complete, spans for their batch).
 */
export interface RecordWriter {
  /** The record types this format writes; the others are left out (and counted as such). */
  readonly writes: ReadonlySet<RecordType>;
  /** Whole lines, each ending in a newline, or '' while the record is held back. */
  write(record: CanonicalRecord): string;
  /** What is still held back once the records end. */
  end(): string;
}

export interface WriteSummary {
  /** Records written, by type. */
  records: Record<RecordType, number>;
  /** Records of types the format has no form for, by type. */
  leftOut: Record<RecordType, number>;
  /** Uncompressed bytes. */
  bytes: number;
}

const ALL_TYPES: ReadonlySet<RecordType> = new Set(['request', 'gpu_sample', 'node_event', 'expert_load']);

/** Canonical JSONL: one record per line (`recordToJsonLine`). */
export const canonicalJsonlWriter = (): RecordWriter => ({
  writes: ALL_TYPES,
  write: (record) => `${recordToJsonLine(record)}\n`,
  end: () => '',
});

const CHUNK_CHARS = 1 << 20;

function* chunks(records: Iterable<CanonicalRecord>, writer: RecordWriter, summary: WriteSummary): Generator<string> {
  let chunk = '';
  for (const record of records) {
    if (!writer.writes.has(record.type)) {
      summary.leftOut[record.type] += 1;
      continue;
    }
    chunk += writer.write(record);
    summary.records[record.type] += 1;
    if (chunk.length >= CHUNK_CHARS) {
      summary.bytes += Buffer.byteLength(chunk);
      yield chunk;
      chunk = '';
    }
  }
  chunk += writer.end();
  summary.bytes += Buffer.byteLength(chunk);
  if (chunk) yield chunk;
}

const noRecords = (): Record<RecordType, number> => ({ request: 0, gpu_sample: 0, node_event: 0, expert_load: 0 });

/**
 * Streams records in a format to a file (gzip when it ends in .gz) or a stream. Records are
 * pulled only as fast as the destination drains (backpressure), so a day never sits in memory.
 */
export async function writeRecords(records: Iterable<CanonicalRecord>, out: string | Writable, writer: RecordWriter): Promise<WriteSummary> {
  const summary: WriteSummary = { records: noRecords(), leftOut: noRecords(), bytes: 0 };
  const source = Readable.from(chunks(records, writer, summary), { objectMode: false });
  const sink = typeof out === 'string' ? createWriteStream(out) : out;
  if (typeof out === 'string' && out.endsWith('.gz')) await pipeline(source, createGzip(), sink);
  else await pipeline(source, sink);
  return summary;
}

/** Streams records as canonical JSONL (see writeRecords). */
export const writeJsonl = (records: Iterable<CanonicalRecord>, out: string | Writable): Promise<WriteSummary> =>
  writeRecords(records, out, canonicalJsonlWriter());
