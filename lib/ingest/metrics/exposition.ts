/**
 * Prometheus text exposition (format 0.0.4) and OpenMetrics 1.0 text: bytes in, MetricSamples
 * out, no I/O. Lines come from LineSplitter (bounded, CRLF and BOM handled); a bad line gives one
 * error and the next line is read. A file may hold several scrapes one after another
 * (OpenMetrics ones each ending in `# EOF`, text ones simply concatenated).
 *
 * The two formats read the same except for timestamps (integer milliseconds against decimal
 * seconds) and exemplars (` # {labels} value [ts]` after an OpenMetrics sample, ignored here).
 * Unless told which it is, the parser decides at the first line that tells them apart, and reads
 * the lines before it the same either way:
 * - `# EOF`, `# UNIT`, a type only OpenMetrics has (`info`, `stateset`, `gaugehistogram`,
 *   `unknown`) or an exemplar: OpenMetrics;
 * - `# TYPE x untyped`: the text format;
 * - a timestamp: with a fraction, an exponent or a sign, or an integer below 1e11, it is
 *   seconds (OpenMetrics); an integer of 1e11 or more is milliseconds (the text format). Read
 *   the other way round, either would fall in 1970 or after the year 5000.
 */
import { LineSplitter } from '@/lib/ingest/lines';
import { ExpositionReader } from '@/lib/ingest/metrics/exposition-reader';
import type { MetricMetadata } from '@/lib/ingest/metrics/family-declarations';
import type { MetricParseOutput, MetricParser } from '@/lib/ingest/metrics/types';

export interface ExpositionOptions {
  maxLineBytes: number;
  /** true: OpenMetrics; false: the 0.0.4 text format; absent: decided from the input (above). */
  openMetrics?: boolean;
}

export interface ExpositionParser extends MetricParser {
  /** HELP, TYPE and UNIT declarations read so far, by the name each comment gives. */
  readonly metadata: ReadonlyMap<string, Readonly<MetricMetadata>>;
  /** OpenMetrics or not, as told or as decided so far; null while no line has told them apart. */
  readonly openMetrics: boolean | null;
}

export function createExpositionParser(options: ExpositionOptions): ExpositionParser {
  const reader = new ExpositionReader(options.openMetrics ?? null, options.maxLineBytes);
  const splitter = new LineSplitter(reader, options.maxLineBytes);
  return {
    get metadata() {
      return reader.families.metadata;
    },
    get openMetrics() {
      return reader.openMetrics;
    },
    push(chunk: Buffer): MetricParseOutput {
      splitter.push(chunk);
      return reader.take();
    },
    end(): MetricParseOutput {
      splitter.end();
      return reader.take();
    },
  };
}

/** How many lines detection reads at most, and how many of them must be metadata or samples. */
const DETECT_LINES = 10;
const MAX_HEAD_LINES = 200;

/**
 * A text exposition: its first line that is not blank or a plain `#` comment is a HELP, TYPE
 * or UNIT comment or a well-formed sample line, and so are most of the next few (documentation
 * excerpts elide lines with `...`). CSV headers and rows, JSON and JSONL lines are none of these.
 */
export function detectExposition(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split('\n', MAX_HEAD_LINES + 1);
  // The head may end inside a line; judge that line only when it is the only one.
  if (lines.length > 1 && !head.endsWith('\n')) lines.pop();
  const reader = new ExpositionReader(null, Infinity);
  let good = 0;
  let bad = 0;
  for (let n = 0; n < lines.length && good + bad < DETECT_LINES; n++) {
    const line = lines[n].endsWith('\r') ? lines[n].slice(0, -1) : lines[n];
    if (line.trim() === '') continue;
    const kind = reader.read(line, n + 1);
    if (kind === 'comment') continue;
    if (kind === 'error') {
      if (good === 0) return false;
      bad++;
    } else good++;
  }
  return good > 0 && good > bad;
}
