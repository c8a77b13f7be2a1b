/**
 * Parse benchmark: lines/s of the canonical JSONL and CSV parsers (split, parse, validate;
 * request ids are given) on one core, on generated request lines held in memory, next to the
 * floor of JSONL: splitting lines and JSON.parse alone.
 * Usage: npx tsx scripts/bench-parse.ts [--lines 1000000] [--runs 3]
 */
import { Command } from 'commander';
import { benchRequest, CSV_HEADER, toCsv, toJsonl, type BenchRequest } from '@/lib/bench/requestRows';
import { DEFAULT_MAX_LINE_BYTES, type FormatParser } from '@/lib/ingest/format';
import { canonicalCsv } from '@/lib/ingest/formats/canonical-csv';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { LineSplitter } from '@/lib/ingest/lines';

const program = new Command('bench-parse')
  .description('lines/s of the canonical JSONL and CSV parsers on generated request lines')
  .option('--lines <n>', 'request lines per file', '1000000')
  .option('--runs <n>', 'timed runs per file (the best is reported)', '3')
  .parse();
const opts = program.opts<{ lines: string; runs: string }>();

const CHUNK_BYTES = 64 * 1024;

/** The minimal request: what public traces carry, plus an id. */
const simpleJsonl = (r: BenchRequest) =>
  `{"type":"request","request_id":"${r.requestId}","arrived_at":"${r.arrivedAt}","input_tokens":${r.inputTokens},"output_tokens":${r.outputTokens}}\n`;
const simpleCsv = (r: BenchRequest) => `${r.requestId},${r.arrivedAt},${r.inputTokens},${r.outputTokens}\n`;

/** Splitting and JSON.parse only: what any JSONL parser pays before checking a field. */
const jsonParseOnly: FormatParser = {
  name: 'JSON.parse',
  description: 'lines split and JSON.parse, no validation',
  detect: () => false,
  create(options) {
    let lines = 0;
    const sink = {
      line(text: string) {
        if (text) lines += JSON.parse(text) ? 1 : 0;
      },
      overlong: () => undefined,
    };
    const splitter = new LineSplitter(sink, options.maxLineBytes);
    const take = () => {
      const out = { records: [], errors: [], lines };
      lines = 0;
      return out;
    };
    return {
      push: (chunk) => (splitter.push(chunk), take()),
      end: () => (splitter.end(), take()),
    };
  },
};

interface Shape {
  label: string;
  format: FormatParser;
  header?: string;
  line: (r: BenchRequest) => string;
}

const SHAPES: Shape[] = [
  { label: 'floor: split + JSON.parse', format: jsonParseOnly, line: simpleJsonl },
  { label: 'JSONL simple (4 fields)', format: canonicalJsonl, line: simpleJsonl },
  { label: 'CSV simple (4 fields)', format: canonicalCsv, header: 'request_id,arrived_at,input_tokens,output_tokens', line: simpleCsv },
  { label: 'JSONL bench:ingest rows (9)', format: canonicalJsonl, line: toJsonl },
  { label: 'CSV bench:ingest rows (9)', format: canonicalCsv, header: CSV_HEADER, line: toCsv },
];

/** The file as 64 KiB chunks (lines cut across chunks, as a file stream delivers them). */
function generate(shape: Shape, lines: number): Buffer[] {
  const pieces: Buffer[] = [];
  let text = shape.header ? `${shape.header}\n` : '';
  for (let i = 0; i < lines; i++) {
    text += shape.line(benchRequest(i, lines));
    if (text.length >= CHUNK_BYTES || i === lines - 1) {
      pieces.push(Buffer.from(text));
      text = '';
    }
  }
  const bytes = Buffer.concat(pieces);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) chunks.push(bytes.subarray(i, i + CHUNK_BYTES));
  return chunks;
}

/**
 * Seconds of CPU time the parse took: on a machine shared with other work, wall time also
 * counts the time the process waited for a core.
 */
function timeParse(format: FormatParser, chunks: Buffer[], expected: number): number {
  const parser = format.create({ now: Date.now(), maxLineBytes: DEFAULT_MAX_LINE_BYTES });
  let lines = 0;
  let errors = 0;
  const started = process.cpuUsage();
  for (const chunk of chunks) {
    const out = parser.push(chunk);
    lines += out.lines;
    errors += out.errors.length;
  }
  const last = parser.end();
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  lines += last.lines;
  errors += last.errors.length;
  if (lines !== expected || errors) throw new Error(`parsed ${lines} lines with ${errors} errors; expected ${expected} clean lines`);
  return seconds;
}

function main(): void {
  const lines = Number(opts.lines);
  const runs = Number(opts.runs);
  console.log(`${lines} generated request lines per file, ${runs} runs each, best shown (lines per CPU second, one core)`);
  for (const shape of SHAPES) {
    const chunks = generate(shape, lines);
    (globalThis as { gc?: () => void }).gc?.();
    const times = Array.from({ length: runs }, () => timeParse(shape.format, chunks, lines));
    const best = Math.min(...times);
    const mb = chunks.reduce((n, c) => n + c.length, 0) / 1e6;
    console.log(`${shape.label.padEnd(30)} ${String(Math.round(lines / best)).padStart(9)} lines/s  ${(mb / best).toFixed(0).padStart(4)} MB/s  (CPU s per run: ${times.map((t) => t.toFixed(2)).join(', ')})`);
  }
}

main();
