/**
 * The RecordParser of every line-oriented format: splits bytes into bounded lines, skips blank
 * ones, rejects overlong ones, and hands the rest to the format's LineHandler.
 */
import { excerptOf, type LineError, type ParseOptions, type ParseOutput, type RecordParser } from '@/lib/ingest/format';
import { LineSplitter, type LineSink } from '@/lib/ingest/lines';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { RepeatedIds } from '@/lib/ingest/repeatedIds';

export interface LineHandler {
  /**
   * Turns one non-blank line into one record or one error in `out`. Returns false for a line
   * that is not data (a CSV header). Throws FormatError when the whole file is unusable.
   */
  line(text: string, lineNo: number, out: ParseOutput): boolean;
  /** Called for a line over the byte limit before it is counted as a rejected data line. */
  overlong?(lineNo: number): void;
}

export const lineError = (line: number, field: string | null, message: string, text: string | null): LineError => ({
  line,
  field,
  message,
  excerpt: text === null ? null : excerptOf(text),
});

const SPACE = 32;

export const isBlank = (text: string): boolean => text.length === 0 || (text.charCodeAt(0) <= SPACE && text.trim() === '');

/** The first non-blank line of a file's head, without a byte-order mark or `\r`. */
export function firstLineOf(head: string): string | null {
  for (const raw of head.replace(/^\uFEFF/, '').split('\n', 50)) {
    const line = raw.replace(/\r$/, '');
    if (!isBlank(line)) return line;
  }
  return null;
}

const emptyOutput = (): ParseOutput => ({ records: [], errors: [], lines: 0 });

const REPLACEMENT = '\uFFFD';
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The input name of the first text field of a record that holds what invalid UTF-8 decoded to. */
function fieldHoldingReplacement(record: CanonicalRecord): string | null {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && value.includes(REPLACEMENT)) return snakeCase(key);
  }
  return null;
}

class LineRecordParser implements RecordParser, LineSink {
  private readonly splitter: LineSplitter;
  private readonly repeatedIds = new RepeatedIds();
  private out = emptyOutput();

  constructor(
    private readonly handler: LineHandler,
    private readonly maxLineBytes: number,
  ) {
    this.splitter = new LineSplitter(this, maxLineBytes);
  }

  push(chunk: Buffer): ParseOutput {
    this.splitter.push(chunk);
    return this.take();
  }

  end(): ParseOutput {
    this.splitter.end();
    return this.take();
  }

  line(text: string, lineNo: number, invalidUtf8: boolean): void {
    if (isBlank(text)) return;
    const recordsBefore = this.out.records.length;
    if (!this.handler.line(text, lineNo, this.out)) return;
    this.out.lines++;
    // A line makes at most one record: check it if this one did.
    const record = this.out.records.length > recordsBefore ? this.out.records[recordsBefore] : null;
    if (record === null) return;
    if (invalidUtf8) {
      this.out.records.pop();
      const field = fieldHoldingReplacement(record);
      this.out.errors.push(lineError(lineNo, field, `${field ?? 'line'} is not valid UTF-8`, text));
      return;
    }
    const first = record.type === 'request' ? this.repeatedIds.conflict(record, lineNo) : null;
    if (first !== null && record.type === 'request') {
      this.out.records.pop();
      this.out.errors.push(lineError(lineNo, 'request_id', `the contents conflict with line ${first}, which gave request_id ${JSON.stringify(record.requestId)} too`, text));
    }
  }

  overlong(lineNo: number, excerpt: string): void {
    this.handler.overlong?.(lineNo);
    this.out.errors.push(lineError(lineNo, null, `line is longer than ${this.maxLineBytes} bytes`, excerpt));
    this.out.lines++;
  }

  private take(): ParseOutput {
    const out = this.out;
    this.out = emptyOutput();
    return out;
  }
}

export function lineRecordParser(handler: LineHandler, options: Pick<ParseOptions, 'maxLineBytes'>): RecordParser {
  return new LineRecordParser(handler, options.maxLineBytes);
}
