/**
 * Canonical CSV: one record type per file, recognised from the header row of field names
 * (any column order; unknown columns ignored; an empty cell is an absent value).
 */
import { CsvSyntaxError, splitCsvLine } from '@/lib/ingest/csv';
import { FieldIssue, type FieldSource } from '@/lib/ingest/field-reader';
import { FormatError, type FormatParser, type ParseOptions, type ParseOutput } from '@/lib/ingest/format';
import { firstLineOf, lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import { RECORD_TYPES, type RecordType } from '@/lib/ingest/records';
import { RECORD_FIELDS, RecordValidator } from '@/lib/ingest/validate';

/** Columns that mark a header as meant for one record type, even when it lacks others. */
const SIGNATURES: Readonly<Record<RecordType, readonly string[]>> = {
  request: ['arrived_at'],
  gpu_sample: ['role', 'gpu'],
  node_event: ['state', 'node'],
  expert_load: ['phase', 'expert'],
};

export type HeaderReading = { type: RecordType; missing: string[] };

/**
 * The record type a header names, with the required columns it lacks (none for a usable header);
 * null when it is not a canonical header at all. A header complete for several types goes to the
 * one it names most fields of.
 */
export function readHeader(columns: readonly string[]): HeaderReading | null {
  const names = new Set(columns.map((c) => c.trim()));
  let best: (HeaderReading & { known: number }) | null = null;
  for (const type of RECORD_TYPES) {
    const { required, optional } = RECORD_FIELDS[type];
    const missing = required.filter((f) => !names.has(f));
    if (missing.length && !SIGNATURES[type].every((f) => names.has(f))) continue;
    const known = [...required, ...optional].filter((f) => names.has(f)).length;
    if (!best || missing.length < best.missing.length || (missing.length === best.missing.length && known > best.known)) {
      best = { type, missing, known };
    }
  }
  return best && { type: best.type, missing: best.missing };
}

class CellSource implements FieldSource {
  readonly textual = true;
  cells: string[] = [];
  constructor(private readonly columns: ReadonlyMap<string, number>) {}
  get(name: string): unknown {
    const i = this.columns.get(name);
    return i === undefined ? undefined : this.cells[i];
  }
}

interface Header {
  type: RecordType;
  width: number;
  source: CellSource;
}

class CanonicalCsvHandler implements LineHandler {
  private readonly validator: RecordValidator;
  private header: Header | null = null;

  constructor(options: ParseOptions) {
    this.validator = new RecordValidator({ now: options.now });
  }

  overlong(lineNo: number): void {
    if (!this.header) throw new FormatError(`CSV header (line ${lineNo}) is longer than the line limit`);
  }

  line(text: string, lineNo: number, out: ParseOutput): boolean {
    const cells = splitCsvLine(text);
    if (!this.header) {
      this.header = this.readHeaderLine(cells, lineNo);
      return false;
    }
    if (cells instanceof CsvSyntaxError) out.errors.push(lineError(lineNo, null, `invalid CSV: ${cells.message}`, text));
    else if (cells.length !== this.header.width) {
      out.errors.push(lineError(lineNo, null, `expected ${this.header.width} columns as in the header, got ${cells.length}`, text));
    } else {
      this.header.source.cells = cells;
      const result = this.validator.read(this.header.type, this.header.source);
      if (result instanceof FieldIssue) out.errors.push(lineError(lineNo, result.field, result.message, text));
      else out.records.push(result);
    }
    return true;
  }

  private readHeaderLine(cells: string[] | CsvSyntaxError, lineNo: number): Header {
    if (cells instanceof CsvSyntaxError) throw new FormatError(`CSV header (line ${lineNo}) is invalid: ${cells.message}`);
    const reading = readHeader(cells);
    if (!reading) throw new FormatError(`CSV header (line ${lineNo}) names no canonical record type`);
    if (reading.missing.length) {
      throw new FormatError(`CSV header (line ${lineNo}) of ${reading.type} records lacks required column(s) ${reading.missing.join(', ')}`);
    }
    const { required, optional } = RECORD_FIELDS[reading.type];
    const fields = new Set([...required, ...optional]);
    const columns = new Map<string, number>();
    cells.forEach((cell, i) => {
      const name = cell.trim();
      if (columns.has(name) && fields.has(name)) throw new FormatError(`CSV header (line ${lineNo}) names column ${name} twice`);
      columns.set(name, i);
    });
    return { type: reading.type, width: cells.length, source: new CellSource(columns) };
  }
}

export const canonicalCsv: FormatParser = {
  name: 'csv',
  description: 'canonical CSV: one record type per file, a header row of its field names',
  detect(head) {
    const first = firstLineOf(head);
    const cells = first === null ? null : splitCsvLine(first);
    return Array.isArray(cells) && readHeader(cells) !== null;
  },
  create: (options) => lineRecordParser(new CanonicalCsvHandler(options), options),
};
