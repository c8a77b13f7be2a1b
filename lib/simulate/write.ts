import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { recordToJsonLine } from './serialize';

export interface WriteSummary {
  records: Record<RecordType, number>;
  /** Uncompressed JSONL bytes. */
  bytes: number;
}

const CHUNK_CHARS = 1 << 20;

function* chunks(records: Iterable<CanonicalRecord>, summary: WriteSummary): Generator<string> {
  let chunk = '';
  for (const record of records) {
    chunk += `${recordToJsonLine(record)}\n`;
    summary.records[record.type] += 1;
    if (chunk.length >= CHUNK_CHARS) {
      summary.bytes += Buffer.byteLength(chunk);
      yield chunk;
      chunk = '';
    }
  }
  summary.bytes += Buffer.byteLength(chunk);
  if (chunk) yield chunk;
}

/**
 * Streams records as JSONL to a file (gzip when it ends in .gz) or a stream. Records are pulled
 * only as fast as the destination drains (backpressure), so a day never sits in memory.
 */
export async function writeJsonl(records: Iterable<CanonicalRecord>, out: string | Writable): Promise<WriteSummary> {
  const summary: WriteSummary = { records: { request: 0, gpu_sample: 0, node_event: 0, expert_load: 0 }, bytes: 0 };
  const source = Readable.from(chunks(records, summary), { objectMode: false });
  const sink = typeof out === 'string' ? createWriteStream(out) : out;
  if (typeof out === 'string' && out.endsWith('.gz')) await pipeline(source, createGzip(), sink);
  else await pipeline(source, sink);
  return summary;
}
