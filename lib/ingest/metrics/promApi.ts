/**
 * Prometheus HTTP API query results, the JSON bodies of `/api/v1/query_range` (`"matrix"`:
 * `"values": [[seconds, "value"], ...]` per series) and `/api/v1/query` (`"vector"`: one
 * `"value"`), read incrementally with @streamparser/json: each `result[]` entry's samples come
 * out as soon as that entry is complete, and the parser drops it then, so memory is bounded by
 * the largest single series, not by the body.
 *
 * The API gives no metric types: every series is `unknown`, its own family. Timestamps are
 * decimal seconds (converted on their digits, so `.184` is exactly 184 ms); values are strings
 * ("NaN", "+Inf"). A series without `__name__` (an expression's result) is refused with its
 * labels; a `"scalar"` or `"string"` result holds no series and is refused whole; an error body
 * (`"status":"error"`) gives one error with Prometheus's errorType and message. Lines: a sample
 * and its errors carry the line where its series starts (pretty-printed bodies), `lines` counts
 * the body's lines.
 */
import { Tokenizer, TokenParser, TokenType, type JsonTypes, type ParsedElementInfo } from '@streamparser/json';
import { excerptOf } from '@/lib/ingest/format';
import { lineError } from '@/lib/ingest/line-parser';
import { Utf8Check } from '@/lib/ingest/utf8';
import { JsonLines } from '@/lib/ingest/metrics/json-lines';
import { parseFloatText, secondsToMillis } from '@/lib/ingest/metrics/prom-number';
import { detached, SeriesTable, setLabel } from '@/lib/ingest/metrics/series-table';
import { seriesKey, type MetricParseOutput, type MetricParser } from '@/lib/ingest/metrics/types';

type Json = JsonTypes.JsonPrimitive | JsonTypes.JsonStruct;

const isObject = (value: Json | undefined): value is JsonTypes.JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the parser keeps of a response; everything else is dropped as soon as it is read. */
const PATHS = ['$.status', '$.errorType', '$.error', '$.data.resultType', '$.data.result.*'];
/** Containers open around a `result[]` entry: the body, `data`, `result`. */
const ENTRY_DEPTH = 3;
/** Whole seconds below this are still exact integers once in milliseconds. */
const MAX_EXACT_SECONDS = Number.MAX_SAFE_INTEGER / 1000;

const emptyOutput = (): MetricParseOutput => ({ samples: [], errors: [], lines: 0 });
const excerptOfJson = (value: Json | undefined): string => excerptOf(JSON.stringify(value) ?? String(value));

class PromApiReader {
  out = emptyOutput();
  private readonly tokenizer = new Tokenizer();
  private readonly tokens = new TokenParser({ paths: PATHS, keepStack: false });
  private readonly lines = new JsonLines();
  private readonly utf8 = new Utf8Check();
  private readonly table = new SeriesTable();
  private depth = 0;
  private entryLine = 0;
  private lastOffset = 0;
  private failed = false;
  private status: string | null = null;
  private errorType: string | null = null;
  private errorMessage: string | null = null;
  private resultType: string | null = null;
  private refusedResult = false;

  constructor() {
    this.tokenizer.onToken = (info) => {
      this.lastOffset = info.offset;
      if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
        if (this.depth === ENTRY_DEPTH) this.entryLine = this.lines.lineOf(info.offset);
        this.depth++;
      } else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) this.depth--;
      this.tokens.write(info);
    };
    this.tokens.onValue = (info) => this.value(info);
    this.tokenizer.onError = (err) => this.invalid(err);
    this.tokens.onError = (err) => this.invalid(err);
    this.tokenizer.onEnd = () => {
      if (!this.tokens.isEnded) this.tokens.end();
    };
  }

  push(chunk: Buffer): void {
    this.out.lines += this.lines.next(chunk);
    if (this.failed) return;
    // Checked here, not by the tokenizer, which finds it a whole chunk at a time and so blames a line that depends on the chunking.
    // Whole characters only, and what comes before a bad byte, are read: as they would be in any chunking.
    const { complete, invalidAt } = this.utf8.push(chunk);
    if (complete.length > 0) this.tokenizer.write(complete);
    if (invalidAt !== null && !this.failed) this.invalidUtf8(this.lines.lineOfChunkByte(Math.max(invalidAt, 0)));
  }

  end(): void {
    if (this.lines.unterminated) this.out.lines++;
    if (!this.failed && this.utf8.endsInside()) this.invalidUtf8(this.lines.lineOfChunkByte(Number.MAX_SAFE_INTEGER));
    if (!this.failed) this.tokenizer.end();
    if (this.failed) return;
    if (this.status === 'error') {
      const reason = [this.errorType, this.errorMessage].filter((s) => s !== null).join(': ');
      // A whole-document error is on the document's first line: line numbers count from 1.
      this.fail(1, 'status', `the query failed: ${reason || 'no reason given'}`, null);
    } else if (this.status === null) {
      this.fail(1, 'status', 'not a Prometheus API response: it has no "status"', null);
    }
  }

  take(): MetricParseOutput {
    const out = this.out;
    this.out = emptyOutput();
    return out;
  }

  private fail(line: number, field: string | null, message: string, excerpt: string | null): void {
    this.out.errors.push(lineError(line, field, message, excerpt));
  }

  private invalidUtf8(line: number): void {
    this.failed = true;
    this.fail(line, null, 'invalid JSON, nothing more is read: the text is not valid UTF-8', null);
  }

  private invalid(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    // The tokenizer gives the position in the chunk too, which would make the message depend on the chunking.
    // It also names the byte at fault, whose line (unlike the last token's) does not depend on the chunking.
    const position = / at chunk position "\d+" \(absolute position "(\d+)"\)/.exec(err.message);
    const reason = position ? err.message.replace(position[0], ` at byte ${position[1]}`) : err.message;
    const line = this.lines.lineOf(position ? Number(position[1]) : this.lastOffset);
    this.fail(line, null, `invalid JSON, nothing more is read: ${reason}`, null);
  }

  private value({ value, key, stack }: ParsedElementInfo): void {
    if (stack.length === 1) {
      if (key === 'status') this.status = String(value);
      else if (key === 'errorType') this.errorType = String(value);
      else if (key === 'error') this.errorMessage = String(value);
    } else if (stack.length === 2) {
      if (key === 'resultType') this.resultType = String(value);
    } else if (isObject(value)) this.series(value);
    else if (!this.refusedResult) {
      this.refusedResult = true;
      const type = this.resultType ?? (typeof value === 'string' ? 'string' : 'scalar');
      this.fail(this.lines.lineOf(this.lastOffset), 'result', `a "${type}" result holds one value, not series: nothing is read from it`, excerptOfJson(value));
    }
  }

  private series(entry: JsonTypes.JsonObject): void {
    const line = this.entryLine;
    const metric = entry.metric;
    if (!isObject(metric)) return this.fail(line, null, 'a result has no "metric" object', excerptOfJson(entry));
    let name: string | null = null;
    const labels: Record<string, string> = {};
    for (const [label, value] of Object.entries(metric)) {
      if (typeof value !== 'string') return this.fail(line, label, `label "${label}" is not a string`, excerptOfJson(metric));
      if (label === '__name__') name = detached(value);
      else setLabel(labels, detached(label), detached(value));
    }
    const points = Array.isArray(entry.values) ? entry.values : entry.value !== undefined ? [entry.value] : null;
    if (points === null) {
      const histogram = entry.histogram !== undefined || entry.histograms !== undefined;
      const message = histogram ? 'native histogram samples are not read' : 'a series has neither "values" nor "value"';
      return this.fail(line, name, message, excerptOfJson(metric));
    }
    if (name === null) {
      const message = `series ${seriesKey('', labels)} has no __name__ (an expression's result, not a stored metric): its ${points.length} samples are skipped`;
      return this.fail(line, '__name__', message, excerptOfJson(metric));
    }
    const series = this.table.intern(name, labels, 'unknown', name);
    for (const point of points) {
      if (!Array.isArray(point) || point.length !== 2 || typeof point[0] !== 'number' || typeof point[1] !== 'string') {
        this.fail(line, name, `expected a sample [seconds, "value"], got ${excerptOfJson(point)}`, excerptOfJson(point));
        continue;
      }
      const seconds = point[0];
      // Whole seconds times 1000 is exact; a fraction is converted on its decimal digits.
      const ts = Number.isInteger(seconds) && Math.abs(seconds) < MAX_EXACT_SECONDS ? seconds * 1000 : secondsToMillis(String(seconds));
      if (typeof ts === 'string') {
        this.fail(line, name, `timestamp ${seconds} is ${ts}`, excerptOfJson(point));
        continue;
      }
      const value = parseFloatText(point[1]);
      if (typeof value === 'string') {
        this.fail(line, name, `value ${JSON.stringify(point[1])} is ${value}`, excerptOfJson(point));
        continue;
      }
      this.out.samples.push({ series, ts, value, line });
    }
  }
}

export function createPromApiParser(): MetricParser {
  const reader = new PromApiReader();
  return {
    push(chunk: Buffer): MetricParseOutput {
      reader.push(chunk);
      return reader.take();
    },
    end(): MetricParseOutput {
      reader.end();
      return reader.take();
    },
  };
}

/**
 * A Prometheus API response: a JSON object naming a result type, or opening with its data's
 * result (keys in another order), or an error body with its errorType. Canonical JSONL, trace
 * files and other JSON name none of these.
 */
export function detectPromApi(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return false;
  return (
    /"resultType"\s*:\s*"(matrix|vector|scalar|string)"/.test(text) ||
    /"data"\s*:\s*\{\s*"result"\s*:\s*\[/.test(text) ||
    (/"status"\s*:\s*"error"/.test(text) && /"errorType"\s*:/.test(text))
  );
}
