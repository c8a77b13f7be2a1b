/**
 * Shared by importers of foreign CSV files (Azure, BurstGPT): a header of the source's own
 * column names, each row mapped onto canonical fields, then validated as a canonical record.
 */
import { CsvSyntaxError, splitCsvLine } from '@/lib/ingest/csv';
import { FieldIssue } from '@/lib/ingest/field-reader';
import { FieldSlots } from '@/lib/ingest/fields';
import { FormatError, type ParseOptions, type ParseOutput, type RecordParser } from '@/lib/ingest/format';
import type { ZoneRule } from '@/lib/ingest/instant';
import { firstLineOf, lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import type { RecordType } from '@/lib/ingest/records';
import { RecordValidator } from '@/lib/ingest/validate';

/** A row's cell by source column name; undefined for a column the header lacks. */
export type CellOf = (column: string) => string | undefined;

export interface CsvImport {
  readonly name: string;
  readonly type: RecordType;
  /** Source columns the header must have. */
  readonly columns: readonly string[];
  /** Source names of canonical fields, so messages name the column the user wrote. */
  readonly labels: Readonly<Record<string, string>>;
  readonly zone?: ZoneRule;
  /** Canonical field values of one row (cell text or computed numbers), or the problem with it. */
  map(cell: CellOf): Record<string, unknown> | FieldIssue;
}

/** Whether the first line of `head` is a CSV header holding every one of `columns`. */
export function headerHas(head: string, columns: readonly string[]): boolean {
  const first = firstLineOf(head);
  const cells = first === null ? null : splitCsvLine(first);
  return Array.isArray(cells) && columns.every((c) => cells.includes(c));
}

class CsvImportHandler implements LineHandler {
  private readonly validator: RecordValidator;
  private readonly slots = new FieldSlots(true);
  private columns: Map<string, number> | null = null;
  private width = 0;
  private cells: string[] = [];
  private readonly cellOf: CellOf = (column) => {
    const i = this.columns?.get(column);
    return i === undefined ? undefined : this.cells[i];
  };

  constructor(
    private readonly spec: CsvImport,
    options: ParseOptions,
  ) {
    this.validator = new RecordValidator({ now: options.now, labels: spec.labels, zone: spec.zone });
  }

  overlong(lineNo: number): void {
    if (!this.columns) throw new FormatError(`${this.spec.name} CSV header (line ${lineNo}) is longer than the line limit`);
  }

  line(text: string, lineNo: number, out: ParseOutput): boolean {
    const cells = splitCsvLine(text);
    if (!this.columns) {
      this.readHeader(cells, lineNo);
      return false;
    }
    if (cells instanceof CsvSyntaxError) out.errors.push(lineError(lineNo, null, `invalid CSV: ${cells.message}`, text));
    else if (cells.length !== this.width) {
      out.errors.push(lineError(lineNo, null, `expected ${this.width} columns as in the header, got ${cells.length}`, text));
    } else {
      this.cells = cells;
      const mapped = this.spec.map(this.cellOf);
      const result = mapped instanceof FieldIssue ? mapped : this.read(mapped);
      if (result instanceof FieldIssue) out.errors.push(lineError(lineNo, result.field, result.message, text));
      else out.records.push(result);
    }
    return true;
  }

  private read(values: Record<string, unknown>) {
    return this.validator.read(this.spec.type, this.slots.assign(values));
  }

  private readHeader(cells: string[] | CsvSyntaxError, lineNo: number): void {
    if (cells instanceof CsvSyntaxError) throw new FormatError(`${this.spec.name} CSV header (line ${lineNo}) is invalid: ${cells.message}`);
    const missing = this.spec.columns.filter((c) => !cells.includes(c));
    if (missing.length) throw new FormatError(`${this.spec.name} CSV header (line ${lineNo}) lacks column(s) ${missing.join(', ')}`);
    this.columns = new Map(cells.map((c, i) => [c, i]));
    this.width = cells.length;
  }
}

export function csvImportParser(spec: CsvImport, options: ParseOptions): RecordParser {
  return lineRecordParser(new CsvImportHandler(spec, options), options);
}
