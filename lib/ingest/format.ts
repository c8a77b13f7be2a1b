/**
 * The one interface every ingest format implements (canonical JSONL/CSV and each importer).
 * A format is I/O-free: lib/ingest/read.ts feeds it decompressed bytes and collects its output.
 */
import type { MetricMapping } from '@/lib/ingest/metrics/mapping';
import type { MetricNotice } from '@/lib/ingest/metrics/notices';
import type { CanonicalRecord, Role } from '@/lib/ingest/records';

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
  /** What a metric input held that did not become a record (unused metrics, unplaced series); given once, at the end. */
  notices?: MetricNotice[];
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
  /** Epoch ms of a scrape whose samples carry no timestamp (Prometheus text). */
  scrapeTime?: number;
  /** The labels that name node, GPU and role in metric inputs (else the defaults). */
  metricMapping?: MetricMapping;
  /** A node's role from stored node events, for metric series whose labels give none. */
  nodeRole?: (node: string, ts: number) => Role | null;
}

export interface FormatParser {
  readonly name: string;
  readonly description: string;
  /** `head` is the first up-to-64 KiB of the decompressed text. */
  detect(head: string): boolean;
  /** Metric inputs read with a mapping and stored node roles (ParseOptions), which the caller loads for them. */
  readonly metrics?: boolean;
  /** What the format cannot carry, so the views say "no data" rather than 0 where only such files fed a window. */
  readonly lacks?: readonly MissingField[];
  /** Timestamps count from the trace start (ParseOptions.traceStart), which the summary then names. */
  readonly relativeTime?: boolean;
  create(options: ParseOptions): RecordParser;
}

/** A measurement some formats do not carry: prefix-cache hits (cached input tokens). */
export type MissingField = 'cache';

/** A whole file is unusable (e.g. a CSV header lacking a required column): no line can load. */
export class FormatError extends Error {
  override name = 'FormatError';
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** Default origin of relative trace timestamps: 2024-01-01T00:00:00Z. */
export const DEFAULT_TRACE_START = Date.UTC(2024, 0, 1);
export const EXCERPT_CHARS = 200;

export const excerptOf = (line: string): string => (line.length > EXCERPT_CHARS ? line.slice(0, EXCERPT_CHARS) : line);
