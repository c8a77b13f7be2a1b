import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { benchRequest, toJsonl } from '@/lib/bench/requestRows';

/** What a generated file holds, to check what the ingest stored against. */
export interface GeneratedTotals {
  rows: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Where the ingest writes: into the day the readers read (so it moves their views), or a day from
 * two hours after their window ends (the view cache's data version looks an hour beyond it).
 */
export const INGEST_DAYS = { demo: Date.parse('2025-02-27T04:00:00Z'), 'next-day': Date.parse('2025-02-28T06:00:00Z') } as const;
export type IngestDay = keyof typeof INGEST_DAYS;

/** `rows` generated requests over one day from 04:00 UTC as JSONL, and their totals. */
export async function writeRequestFile(path: string, rows: number, day: IngestDay = 'demo'): Promise<GeneratedTotals> {
  const out = createWriteStream(path);
  const totals = { rows, inputTokens: 0, outputTokens: 0 };
  for (let i = 0; i < rows; i++) {
    const request = benchRequest(i, rows, INGEST_DAYS[day]);
    totals.inputTokens += request.inputTokens;
    totals.outputTokens += request.outputTokens;
    if (!out.write(toJsonl(request))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return totals;
}
