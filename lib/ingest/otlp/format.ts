/**
 * OTLP/JSON trace files: the OpenTelemetry Collector's file exporter (JSON Lines, one
 * ExportTraceServiceRequest per line, `"format": "json"`), or one ExportTraceServiceRequest
 * document, pretty-printed or not. Each GenAI span becomes a request record (span-to-request.ts);
 * other spans are skipped and counted (`OtlpJsonParser.skippedSpans`). Errors carry the JSON
 * line's number (1 for a whole document).
 *
 * Which of the two a file is shows in its first line: JSON Lines start with a complete object.
 * JSON Lines are read line by line; a document is held whole until its end (it is one JSON
 * value), up to a limit.
 */
import { isUtf8 } from 'node:buffer';
import { FieldIssue } from '@/lib/ingest/field-reader';
import { FormatError, type FormatParser, type ParseOptions, type ParseOutput, type RecordParser } from '@/lib/ingest/format';
import { parseJsonObject } from '@/lib/ingest/json-line';
import { lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import { OtlpDecodeError } from '@/lib/ingest/otlp/errors';
import type { SpanFieldMapping } from '@/lib/ingest/otlp/genai';
import { spansOfRequest } from '@/lib/ingest/otlp/normalize';
import { SpanSkip, spanToRequest } from '@/lib/ingest/otlp/span-to-request';
import type { OtlpSpan } from '@/lib/ingest/otlp/spans';

/** One exported batch is one line, and the collector batches up to thousands of spans: lines get this much at least. */
export const OTLP_MIN_LINE_BYTES = 16 * 1024 * 1024;
/** A document is parsed whole, its objects taking several times its size. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

const NEWLINE = 10;
const BOM = /^\uFEFF/;

export interface OtlpJsonOptions {
  mapping?: Partial<SpanFieldMapping>;
  maxDocumentBytes?: number;
}

const emptyOutput = (): ParseOutput => ({ records: [], errors: [], lines: 0 });

/** Turns the spans of one ExportTraceServiceRequest (a parsed line or document) into records and errors. */
class RequestReader {
  skippedSpans = 0;

  constructor(
    private readonly options: ParseOptions,
    private readonly mapping: Partial<SpanFieldMapping> | undefined,
  ) {}

  read(request: unknown, lineNo: number, text: string, out: ParseOutput): void {
    let spans: OtlpSpan[];
    try {
      spans = spansOfRequest(request);
    } catch (e) {
      if (!(e instanceof OtlpDecodeError)) throw e;
      out.errors.push(lineError(lineNo, null, e.message, text));
      return;
    }
    for (const span of spans) {
      const result = spanToRequest(span, span.resource, { now: this.options.now, mapping: this.mapping });
      if (result instanceof SpanSkip) this.skippedSpans++;
      else if (result instanceof FieldIssue) out.errors.push(lineError(lineNo, result.field, result.message, text));
      else out.records.push(result);
    }
  }
}

class LinesHandler implements LineHandler {
  constructor(private readonly reader: RequestReader) {}

  line(text: string, lineNo: number, out: ParseOutput): boolean {
    const request = parseJsonObject(text);
    if (typeof request === 'string') out.errors.push(lineError(lineNo, null, request, text));
    else this.reader.read(request, lineNo, text, out);
    return true;
  }
}

export class OtlpJsonParser implements RecordParser {
  private mode: 'detecting' | 'lines' | 'document' = 'detecting';
  private held: Buffer[] = [];
  private heldBytes = 0;
  private lines: RecordParser | null = null;
  private readonly reader: RequestReader;
  private readonly maxLineBytes: number;
  private readonly maxDocumentBytes: number;

  constructor(options: ParseOptions, otlp: OtlpJsonOptions) {
    this.reader = new RequestReader(options, otlp.mapping);
    this.maxLineBytes = Math.max(options.maxLineBytes, OTLP_MIN_LINE_BYTES);
    this.maxDocumentBytes = otlp.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  }

  /** Spans that are not GenAI requests, so far. */
  get skippedSpans(): number {
    return this.reader.skippedSpans;
  }

  push(chunk: Buffer): ParseOutput {
    if (this.lines !== null) return this.lines.push(chunk);
    this.hold(chunk);
    if (this.mode === 'detecting') return this.detect(false);
    return emptyOutput();
  }

  end(): ParseOutput {
    if (this.mode === 'detecting') {
      const out = this.detect(true);
      if (this.lines === null) return this.endDocument();
      return merge(out, this.lines.end());
    }
    if (this.lines !== null) return this.lines.end();
    return this.endDocument();
  }

  private hold(chunk: Buffer): void {
    this.held.push(Buffer.from(chunk));
    this.heldBytes += chunk.length;
    if (this.mode === 'document' && this.heldBytes > this.maxDocumentBytes) {
      throw new FormatError(`an OTLP JSON document over ${this.maxDocumentBytes} bytes is not read whole: write JSON Lines instead (one ExportTraceServiceRequest per line, as the collector's file exporter does)`);
    }
  }

  /** Decides the mode once the first non-blank line is complete (or the input ends). */
  private detect(atEnd: boolean): ParseOutput {
    const bytes = Buffer.concat(this.held, this.heldBytes);
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      if (newline < 0 && !atEnd) {
        if (this.heldBytes > this.maxLineBytes) this.mode = 'document';
        return emptyOutput();
      }
      const first = bytes.toString('utf8', start, newline < 0 ? bytes.length : newline).replace(BOM, '').trim();
      if (first === '' && newline >= 0) {
        start = newline + 1;
        continue;
      }
      if (first !== '' && typeof parseJsonObject(first) !== 'string') {
        this.mode = 'lines';
        this.lines = lineRecordParser(new LinesHandler(this.reader), { maxLineBytes: this.maxLineBytes });
        this.held = [];
        this.heldBytes = 0;
        return this.lines.push(bytes);
      }
      this.mode = 'document';
      return emptyOutput();
    }
  }

  private endDocument(): ParseOutput {
    const bytes = Buffer.concat(this.held, this.heldBytes);
    const text = bytes.toString('utf8').replace(BOM, '');
    this.held = [];
    const out = emptyOutput();
    if (text.trim() === '') return out;
    out.lines = 1;
    // Bytes that are not UTF-8 would become U+FFFD in a model or node name, a new one no other record names.
    if (!isUtf8(bytes)) {
      out.errors.push(lineError(1, null, 'the document is not valid UTF-8: nothing is read from it', text));
      return out;
    }
    const request = parseJsonObject(text);
    if (typeof request === 'string') out.errors.push(lineError(1, null, request, text));
    else this.reader.read(request, 1, text, out);
    return out;
  }
}

function merge(a: ParseOutput, b: ParseOutput): ParseOutput {
  return { records: [...a.records, ...b.records], errors: [...a.errors, ...b.errors], lines: a.lines + b.lines };
}

/** The start of an ExportTraceServiceRequest: an object whose first key is resourceSpans. */
const REQUEST_START = /^\{\s*"(resourceSpans|resource_spans)"\s*:/;

export function createOtlpJsonFileParser(otlp: OtlpJsonOptions = {}): FormatParser {
  return {
    name: 'otlp-json',
    description: 'OpenTelemetry OTLP/JSON traces (ExportTraceServiceRequest documents or the collector file exporter\'s JSON Lines); GenAI spans become requests',
    detect: (head) => REQUEST_START.test(head.replace(BOM, '').trimStart()),
    create: (options) => new OtlpJsonParser(options, otlp),
  };
}

export const otlpJson: FormatParser = createOtlpJsonFileParser();
