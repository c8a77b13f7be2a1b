/**
 * Canonical CSV: one record type per file, recognised from the header row of field names
 * (any column order; unknown columns ignored; an empty cell is an absent value).
 */
import { CsvSyntaxError, splitCsvLine } from '@/lib/ingest/csv';
import { FieldIssue } from '@/lib/ingest/field-reader';
import { FieldSlots, RECORD_FIELDS, slotOf } from '@/lib/ingest/fields';
import { FormatError, type FormatParser, type ParseOptions, type ParseOutput } from '@/lib/ingest/format';
import { firstLineOf, lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import { RECORD_TYPES, type RecordType } from '@/lib/ingest/records';
import { RecordValidator } from '@/lib/ingest/validate';

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

interface Header {
  type: RecordType;
  /** The slot of each column's field, -1 for a column no field has. */
  slotOfColumn: number[];
}

class CanonicalCsvHandler implements LineHandler {
  private readonly validator: RecordValidator;
  private header: Header | null = null;
  private readonly slots = new FieldSlots(true);

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
    else if (cells.length !== this.header.slotOfColumn.length) {
      out.errors.push(lineError(lineNo, null, `expected ${this.header.slotOfColumn.length} columns as in the header, got ${cells.length}`, text));
    } else {
      const { slotOfColumn } = this.header;
      // Every row fills the same slots, and the others stay empty: no clearing between rows.
      const values = this.slots.values;
      for (let c = 0; c < cells.length; c++) if (slotOfColumn[c] >= 0) values[slotOfColumn[c]] = cells[c];
      const result = this.validator.read(this.header.type, this.slots);
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
    const fields = new Set<string>([...required, ...optional]);
    const names = cells.map((cell) => cell.trim());
    const twice = names.find((name, i) => fields.has(name) && names.indexOf(name) !== i);
    if (twice) throw new FormatError(`CSV header (line ${lineNo}) names column ${twice} twice`);
    return { type: reading.type, slotOfColumn: names.map((name) => (fields.has(name) ? (slotOf(name) ?? -1) : -1)) };
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
