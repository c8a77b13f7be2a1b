import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { benchRequest, toJsonl } from '@/lib/bench/requestRows';

/** What a generated file holds, to check what the ingest stored against. */
export interface GeneratedTotals {
  rows: number;
  inputTokens: number;
  outputTokens: number;
}

/** `rows` generated requests over the demo day (2025-02-27 from 04:00 UTC) as JSONL, and their totals. */
export async function writeRequestFile(path: string, rows: number): Promise<GeneratedTotals> {
  const out = createWriteStream(path);
  const totals = { rows, inputTokens: 0, outputTokens: 0 };
  for (let i = 0; i < rows; i++) {
    const request = benchRequest(i, rows);
    totals.inputTokens += request.inputTokens;
    totals.outputTokens += request.outputTokens;
    if (!out.write(toJsonl(request))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return totals;
}
