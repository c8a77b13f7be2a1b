import { writeCsv, type CsvTable } from '@/lib/csv/writeCsv';
import type { FileSummary } from './ingest';

/** A file's rejected lines as a table for the CSV download: line, field, reason (ids and model names may be hostile; the writer neutralises them). */
export const rejectedLinesTable = (summary: Pick<FileSummary, 'file' | 'errors'>): CsvTable => ({
  columns: ['file', 'line', 'field', 'message'],
  rows: summary.errors.map((e) => [summary.file, e.line, e.field, e.message]),
});

export const rejectedLinesCsv = (summary: Pick<FileSummary, 'file' | 'errors'>): string => writeCsv(rejectedLinesTable(summary));
