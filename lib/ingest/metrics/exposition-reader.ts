/**
 * The line reader behind createExpositionParser (lib/ingest/metrics/exposition.ts): one
 * non-blank line in, a sample, a declaration or an error out.
 *
 * Hot path: a sample line's series text (`name{labels}` up to the first `}`, or the name up to
 * the first space) is recognised as written (SeenSeriesTexts); only a text not seen before is
 * parsed and checked by readSeriesText, so the labels of a repeated series are read once per
 * parse. The value and timestamp of the common line are read with native string calls.
 */
import { lineError } from '@/lib/ingest/line-parser';
import type { LineSink } from '@/lib/ingest/lines';
import { formatOfType, readComment } from '@/lib/ingest/metrics/exposition-comments';
import { SeenSeriesTexts } from '@/lib/ingest/metrics/exposition-seen';
import { isFault, readSeriesText, shown, skipBlanks } from '@/lib/ingest/metrics/exposition-series';
import { FamilyDeclarations } from '@/lib/ingest/metrics/family-declarations';
import { readFloat, readMillis, secondsToMillis, type NumberFault } from '@/lib/ingest/metrics/prom-number';
import { SeriesTable } from '@/lib/ingest/metrics/series-table';
import type { Labels, MetricParseOutput, Series } from '@/lib/ingest/metrics/types';

/** What a line was, for detection. */
export type LineKind = 'sample' | 'metadata' | 'comment' | 'error';

const TAB = 9;
const SPACE = 32;
const HASH = 35;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** Integer timestamps below this are seconds (OpenMetrics) when the format is not yet known. */
const SECONDS_BELOW = 1e11;

const emptyOutput = (): MetricParseOutput => ({ samples: [], errors: [], lines: 0 });
const isBlankChar = (c: number) => c === SPACE || c === TAB;

/** The label whose value holds what invalid UTF-8 decoded to. */
const INVALID_LABEL = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"[^"]*\uFFFD/;

export class ExpositionReader implements LineSink {
  out = emptyOutput();
  readonly families = new FamilyDeclarations();
  private readonly table = new SeriesTable();
  private readonly seen = new SeenSeriesTexts();

  constructor(
    public openMetrics: boolean | null,
    private readonly maxLineBytes: number,
  ) {}

  line(text: string, lineNo: number, invalidUtf8 = false): void {
    const c = text.charCodeAt(0);
    if (text.length === 0 || (isBlankChar(c) && text.trim() === '')) return;
    this.out.lines++;
    // A label value that is not UTF-8 would name a node or GPU no other series names: the sample is rejected.
    if (invalidUtf8 && c !== HASH) {
      const field = INVALID_LABEL.exec(text)?.[1] ?? text.split(/[{\s]/, 1)[0];
      this.fail(lineNo, field, `${field} is not valid UTF-8`, text);
      return;
    }
    this.read(text, lineNo);
  }

  overlong(lineNo: number, excerpt: string): void {
    this.out.lines++;
    this.out.errors.push(lineError(lineNo, null, `line is longer than ${this.maxLineBytes} bytes`, excerpt));
  }

  /** Reads one non-blank line into `out`. */
  read(text: string, lineNo: number): LineKind {
    let c = text.charCodeAt(0);
    if (c !== HASH && isBlankChar(c)) c = text.charCodeAt(skipBlanks(text, 0));
    return c === HASH ? this.comment(text, lineNo) : this.sample(text, lineNo);
  }

  private fail(lineNo: number, field: string | null, message: string, text: string): LineKind {
    this.out.errors.push(lineError(lineNo, field, message, text));
    return 'error';
  }

  private comment(text: string, lineNo: number): LineKind {
    const read = readComment(text);
    switch (read.kind) {
      case 'comment':
        return 'comment';
      case 'error':
        return this.fail(lineNo, read.field, read.message, text);
      case 'eof':
        if (this.openMetrics === false) return 'comment';
        this.openMetrics = true;
        return 'metadata';
      case 'help':
        this.families.declareHelp(read.name, read.text);
        return 'metadata';
      case 'unit':
        this.openMetrics ??= true;
        this.families.declareUnit(read.name, read.text);
        return 'metadata';
      case 'type':
        this.openMetrics ??= formatOfType(read.typeName);
        this.families.declareType(read.name, read.type);
        return 'metadata';
    }
  }

  private sample(text: string, lineNo: number): LineKind {
    let seen = this.seen.find(text);
    if (seen === undefined) {
      const read = readSeriesText(text, skipBlanks(text, 0));
      if (isFault(read)) return this.fail(lineNo, read.field, read.message, text);
      seen = this.seen.add(text.slice(0, read.end), read, this.resolve, this.families.generation);
    }
    if (seen.generation !== this.families.generation) {
      // A declaration changed somewhere: this series keeps its object unless its own family did.
      const { type, family } = this.families.familyOf(seen.name);
      if (type !== seen.series.type || family !== seen.series.family) seen.series = this.table.intern(seen.name, seen.labels, type, family);
      seen.generation = this.families.generation;
    }
    return this.sampleTail(text, seen.raw.length, seen.series, lineNo);
  }

  private readonly resolve = (name: string, labels: Labels): Series => {
    const { type, family } = this.families.familyOf(name);
    return this.table.intern(name, labels, type, family);
  };

  /**
   * The value and timestamp after the series text. Most lines are `} value` or `} value ts`
   * with single spaces, a plain decimal value and, once the format is known, a plain timestamp:
   * those are read with native string calls; anything else goes through readTail.
   */
  private sampleTail(text: string, from: number, series: Series, lineNo: number): LineKind {
    const valueStart = text.charCodeAt(from) === SPACE ? from + 1 : from;
    const space = text.indexOf(' ', valueStart);
    const valueEnd = space < 0 ? text.length : space;
    const value = Number(text.slice(valueStart, valueEnd));
    if (value - value === 0 && isPlainDecimal(text, valueStart, valueEnd)) {
      if (space < 0) {
        this.out.samples.push({ series, ts: null, value, line: lineNo });
        return 'sample';
      }
      if (this.openMetrics !== null && text.indexOf(' ', space + 1) < 0) {
        const ts = this.openMetrics ? secondsToMillis(text.slice(space + 1)) : readMillis(text, space + 1, text.length);
        if (typeof ts === 'number') {
          this.out.samples.push({ series, ts, value, line: lineNo });
          return 'sample';
        }
      }
    }
    return this.readTail(text, from, series, lineNo);
  }

  /** The value, the optional timestamp and (OpenMetrics) an exemplar, with every rule checked. */
  private readTail(text: string, from: number, series: Series, lineNo: number): LineKind {
    const length = text.length;
    let i = skipBlanks(text, from);
    const valueStart = i;
    while (i < length && !isBlankChar(text.charCodeAt(i))) i++;
    if (i === valueStart) return this.fail(lineNo, series.name, 'the sample has no value', text);
    const value = readFloat(text, valueStart, i);
    if (typeof value === 'string') return this.fail(lineNo, series.name, `value ${JSON.stringify(text.slice(valueStart, i))} is ${value}`, text);
    i = skipBlanks(text, i);
    const tsStart = i;
    if (text.charCodeAt(i) !== HASH) {
      while (i < length && !isBlankChar(text.charCodeAt(i))) i++;
    }
    const tsEnd = i;
    i = skipBlanks(text, i);
    if (i < length) {
      if (text.charCodeAt(i) !== HASH) return this.fail(lineNo, series.name, `unexpected ${shown(text, i)} after the timestamp`, text);
      if (this.openMetrics === false) {
        return this.fail(lineNo, series.name, `expected a timestamp or the end of the line, got ${shown(text, i)} (exemplars are OpenMetrics only)`, text);
      }
      this.openMetrics = true;
    }
    let ts: number | null = null;
    if (tsEnd > tsStart) {
      if (this.openMetrics === null) this.openMetrics = !isMillis(text, tsStart, tsEnd);
      const read = this.openMetrics ? secondsToMillis(text.slice(tsStart, tsEnd)) : readMillis(text, tsStart, tsEnd);
      if (typeof read === 'string') return this.fail(lineNo, series.name, this.timestampMessage(text.slice(tsStart, tsEnd), read), text);
      ts = read;
    }
    this.out.samples.push({ series, ts, value, line: lineNo });
    return 'sample';
  }

  private timestampMessage(token: string, fault: NumberFault): string {
    if (fault === 'out of range') return `timestamp ${JSON.stringify(token)} is out of range`;
    return `timestamp ${JSON.stringify(token)} is not ${this.openMetrics ? 'a number of seconds' : 'an integer of milliseconds'}`;
  }

  take(): MetricParseOutput {
    const out = this.out;
    this.out = emptyOutput();
    return out;
  }
}

/**
 * Whether a token Number() read as finite is also valid Go syntax: with a digit, sign or dot
 * first and a digit or dot last, Number() accepts exactly Go's decimal floats, except `0x`, `0b`
 * and `0o` integers, which a letter second rules out.
 */
function isPlainDecimal(text: string, from: number, to: number): boolean {
  const first = text.charCodeAt(from);
  const last = text.charCodeAt(to - 1);
  return (
    ((first >= DIGIT_0 && first <= DIGIT_9) || first === MINUS || first === PLUS || first === DOT) &&
    ((last >= DIGIT_0 && last <= DIGIT_9) || last === DOT) &&
    !(first === DIGIT_0 && to - from > 2 && text.charCodeAt(from + 1) > DIGIT_9)
  );
}

/** An integer of 1e11 or more: a millisecond timestamp, when the format is not yet known. */
function isMillis(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return false;
  }
  return Number(text.slice(from, to)) >= SECONDS_BELOW;
}
