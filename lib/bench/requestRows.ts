import { randomUUID } from 'node:crypto';
import { csvLine } from '@/lib/csv/writeCsv';

/** One generated request, as the canonical formats and a bare COPY table both take it. */
export interface BenchRequest {
  requestId: string;
  arrivedAt: string;
  model: string;
  source: string;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  firstTokenAt: string;
  finishedAt: string;
}

const DAY_START = Date.parse('2025-02-27T04:00:00Z');
const MODELS = ['deepseek-r1', 'deepseek-v3'];
const SOURCES = ['api', 'web', 'app'];

/**
 * A deterministic-shaped request with a random UUID id (ids are not sequential on purpose), the
 * `rows` spread over the day from `dayStart` (epoch ms; by default the demo day's 04:00 UTC).
 */
export function benchRequest(i: number, rows: number, dayStart = DAY_START): BenchRequest {
  const arrived = dayStart + Math.floor((i / rows) * 86_400_000);
  const input = 500 + ((i * 7919) % 8000);
  const output = 20 + ((i * 104729) % 1500);
  const firstToken = arrived + 300 + (i % 700);
  return {
    requestId: randomUUID(),
    arrivedAt: new Date(arrived).toISOString(),
    model: MODELS[i % 2],
    source: SOURCES[i % 3],
    inputTokens: input,
    cachedTokens: Math.floor(input * 0.56),
    outputTokens: output,
    firstTokenAt: new Date(firstToken).toISOString(),
    finishedAt: new Date(firstToken + output * 47).toISOString(),
  };
}

export const CSV_HEADER = 'request_id,arrived_at,model,source,input_tokens,cached_tokens,output_tokens,first_token_at,finished_at';

export const toJsonl = (r: BenchRequest) =>
  `{"type":"request","request_id":"${r.requestId}","arrived_at":"${r.arrivedAt}","model":"${r.model}","source":"${r.source}",` +
  `"input_tokens":${r.inputTokens},"cached_tokens":${r.cachedTokens},"output_tokens":${r.outputTokens},` +
  `"first_token_at":"${r.firstTokenAt}","finished_at":"${r.finishedAt}"}\n`;

export const toCsv = (r: BenchRequest) =>
  csvLine([r.requestId, r.arrivedAt, r.model, r.source, r.inputTokens, r.cachedTokens, r.outputTokens, r.firstTokenAt, r.finishedAt]) + '\n';

/** The bare baseline table and its COPY text rows. */
export const BARE_TABLE_DDL = `CREATE TABLE IF NOT EXISTS bench_bare (
  request_id text, arrived_at timestamptz, model text, source text, input_tokens bigint, cached_tokens bigint,
  output_tokens bigint, first_token_at timestamptz, finished_at timestamptz)`;

export const toCopyText = (r: BenchRequest) =>
  `${r.requestId}\t${r.arrivedAt}\t${r.model}\t${r.source}\t${r.inputTokens}\t${r.cachedTokens}\t${r.outputTokens}\t${r.firstTokenAt}\t${r.finishedAt}\n`;
