/**
 * BurstGPT CSV (HPMLL/BurstGPT): Timestamp,Model,Request tokens,Response tokens,Total tokens,
 * Log Type, and in BurstGPT_3 also Session ID and Elapsed time. Timestamp counts seconds from
 * the trace start (option traceStart); 0 response tokens marks a failed request.
 */
import { csvImportParser, headerHas, type CellOf, type CsvImport } from '@/lib/ingest/csv-import';
import { FieldIssue, numberFromText, show } from '@/lib/ingest/field-reader';
import { DEFAULT_TRACE_START, type FormatParser } from '@/lib/ingest/format';

const COLUMNS = ['Timestamp', 'Model', 'Request tokens', 'Response tokens', 'Log Type'];
const SOURCES: ReadonlyMap<string, string> = new Map([['API log', 'api'], ['Conversation log', 'web']]);

/** Seconds in a cell as a number, or the problem with it; undefined when the cell is empty. */
function seconds(cell: CellOf, column: string): number | FieldIssue | undefined {
  const text = cell(column);
  if (text === undefined || text === '') return undefined;
  const s = numberFromText(text);
  return Number.isFinite(s) && s >= 0 ? s : new FieldIssue(column, `${column} must be a number of seconds ≥ 0, got ${show(text)}`);
}

function burstGptImport(traceStart: number): CsvImport {
  return {
    name: 'BurstGPT',
    type: 'request',
    columns: COLUMNS,
    labels: { arrived_at: 'Timestamp', input_tokens: 'Request tokens', output_tokens: 'Response tokens', model: 'Model', source: 'Log Type', finished_at: 'Elapsed time' },
    map(cell) {
      const at = seconds(cell, 'Timestamp');
      if (at === undefined) return new FieldIssue('Timestamp', 'Timestamp is required');
      if (at instanceof FieldIssue) return at;
      const elapsed = seconds(cell, 'Elapsed time');
      if (elapsed instanceof FieldIssue) return elapsed;
      const logType = cell('Log Type') ?? '';
      const source = SOURCES.get(logType);
      if (source === undefined) return new FieldIssue('Log Type', `Log Type must be API log or Conversation log; got ${show(logType)}`);
      const arrivedAt = traceStart + at * 1000;
      const response = cell('Response tokens');
      return {
        arrived_at: arrivedAt,
        input_tokens: cell('Request tokens'),
        output_tokens: response,
        model: cell('Model'),
        source,
        status: response !== undefined && numberFromText(response) === 0 ? 'failed' : undefined,
        finished_at: elapsed === undefined ? undefined : arrivedAt + elapsed * 1000,
      };
    },
  };
}

export const burstGpt: FormatParser = {
  name: 'burstgpt',
  description: 'BurstGPT CSV (Timestamp in seconds from traceStart, Model, Request/Response tokens, Log Type)',
  relativeTime: true,
  detect: (head) => headerHas(head, COLUMNS),
  lacks: ['cache'],
  create: (options) => csvImportParser(burstGptImport(options.traceStart ?? DEFAULT_TRACE_START), options),
};
