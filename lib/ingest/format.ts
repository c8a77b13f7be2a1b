import type { CanonicalRecord } from './records';

/** A rejected input line: where, which field (null when the line cannot be parsed at all), and why. */
export interface LineError {
  line: number;
  field: string | null;
  message: string;
  excerpt: string | null;
}

/** What parsing some input produced. `lines` counts the non-blank data lines consumed. */
export interface ParseOutput {
  records: CanonicalRecord[];
  errors: LineError[];
  lines: number;
}

/** An I/O-free parser: push decompressed bytes, get records and per-line errors. */
export interface RecordParser {
  push(chunk: Buffer): ParseOutput;
  end(): ParseOutput;
}

export interface ParseOptions {
  /** Epoch ms; timestamps more than a day after it are rejected. */
  now: number;
  maxLineBytes: number;
  /** Start of a trace whose timestamps are relative, epoch ms. */
  traceStart?: number;
}

/** One input format: recognised from the head of the decompressed text. */
export interface FormatParser {
  readonly name: string;
  readonly description: string;
  detect(head: string): boolean;
  create(options: ParseOptions): RecordParser;
}
