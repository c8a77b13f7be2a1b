/**
 * The one interface every ingest format implements (canonical JSONL/CSV and each importer).
 * A format is I/O-free: lib/ingest/read.ts feeds it decompressed bytes and collects its output.
 */
import type { CanonicalRecord } from '@/lib/ingest/records';

/** One rejected line: `line` counts from 1 in the decompressed file (a CSV header is line 1). */
export interface LineError {
  line: number;
  /** The field at fault, named as in the input; null when the line cannot be parsed at all. */
  field: string | null;
  message: string;
  /** The first ~200 characters of the bad line. */
  excerpt: string | null;
}

export interface ParseOutput {
  records: CanonicalRecord[];
  errors: LineError[];
  /** Non-blank data lines consumed by this call (a CSV header is not a data line). */
  lines: number;
}

export interface RecordParser {
  /** Parses the lines a chunk completes; the chunk is not kept after the call (its buffer may be reused). */
  push(chunk: Buffer): ParseOutput;
  end(): ParseOutput;
}

export interface ParseOptions {
  /** Epoch ms; timestamps more than one day after it are rejected. */
  now: number;
  maxLineBytes: number;
  /** Epoch ms that relative trace timestamps (Mooncake, BurstGPT) count from. */
  traceStart?: number;
}

export interface FormatParser {
  readonly name: string;
  readonly description: string;
  /** `head` is the first up-to-64 KiB of the decompressed text. */
  detect(head: string): boolean;
  create(options: ParseOptions): RecordParser;
}

/** A whole file is unusable (e.g. a CSV header lacking a required column): no line can load. */
export class FormatError extends Error {
  override name = 'FormatError';
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** Default origin of relative trace timestamps: 2024-01-01T00:00:00Z. */
export const DEFAULT_TRACE_START = Date.UTC(2024, 0, 1);
export const EXCERPT_CHARS = 200;

export const excerptOf = (line: string): string => (line.length > EXCERPT_CHARS ? line.slice(0, EXCERPT_CHARS) : line);
