/**
 * Exposition parser speed, in process, on one core: a generated file of concatenated scrapes
 * (vLLM-style counters and gauges plus DCGM gauges, 64 nodes × 8 GPUs, HELP/TYPE per scrape,
 * millisecond timestamps) fed in 64 KiB chunks, against the canonical CSV parser on the
 * gpu_sample rows those samples make (one row per GPU and scrape, one column per metric).
 * `--shuffle` lists each scrape's series in a new order, so the parser cannot guess the next series
 * from the last scrape (the worst case for it; exporters keep their order).
 * Usage: node --import tsx lib/ingest/metrics/bench-exposition.ts [--samples 2000000] [--runs 3] [--shuffle]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_LINE_BYTES, type ParseOutput } from '@/lib/ingest/format';
import { canonicalCsv } from '@/lib/ingest/formats/canonical-csv';
import { createExpositionParser } from '@/lib/ingest/metrics/exposition';
import type { MetricParseOutput } from '@/lib/ingest/metrics/types';

const { values: args } = parseArgs({
  options: { samples: { type: 'string', default: '2000000' }, runs: { type: 'string', default: '3' }, shuffle: { type: 'boolean', default: false } },
});
const SAMPLES = Number(args.samples);
const RUNS = Number(args.runs);
const CHUNK_BYTES = 64 * 1024;
const NODES = 64;
const GPUS = 8;
const SCRAPE_MS = 15_000;
const START_MS = Date.UTC(2025, 1, 27, 4);

interface BenchMetric {
  name: string;
  type: 'counter' | 'gauge';
  csvColumn: string;
  /** The value of GPU `g` at scrape `s`. */
  value: (g: number, s: number) => number;
  text: (v: number) => string;
}

const asFloat = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));
const METRICS: BenchMetric[] = [
  { name: 'vllm:prompt_tokens_total', type: 'counter', csvColumn: 'input_tokens', value: (g, s) => 1_234_500 + s * 7_310 + g * 13, text: (v) => v.toExponential(4).replace(/e\+?(\d)$/, 'e+0$1') },
  { name: 'vllm:prefix_cache_hits_total', type: 'counter', csvColumn: 'cached_tokens', value: (g, s) => 611_000 + s * 4_100 + g, text: asFloat },
  { name: 'vllm:generation_tokens_total', type: 'counter', csvColumn: 'output_tokens', value: (g, s) => 98_000 + s * 1_480 + g, text: asFloat },
  { name: 'vllm:request_success_total', type: 'counter', csvColumn: 'requests', value: (g, s) => 5_000 + s * 9 + (g % 3), text: asFloat },
  { name: 'vllm:num_requests_running', type: 'gauge', csvColumn: 'running_requests', value: (g, s) => 60 + ((g + s) % 40), text: asFloat },
  { name: 'DCGM_FI_DEV_GPU_UTIL', type: 'gauge', csvColumn: 'util_pct', value: (g, s) => 70 + ((g * 7 + s) % 30), text: String },
  { name: 'DCGM_FI_DEV_FB_USED', type: 'gauge', csvColumn: 'mem_used_bytes', value: (g, s) => 74_166 + ((g + s) % 50), text: String },
  { name: 'DCGM_FI_DEV_POWER_USAGE', type: 'gauge', csvColumn: 'power_w', value: (g, s) => 560 + ((g * 31 + s * 17) % 1000) / 1000, text: (v) => v.toFixed(6) },
];

const node = (n: number) => `decode-${String(n + 1).padStart(3, '0')}`;
const labelsOf = (m: BenchMetric, n: number, gpu: number) =>
  m.name.startsWith('DCGM')
    ? `gpu="${gpu}",Hostname="${node(n)}",modelName="NVIDIA H800"`
    : `engine="${gpu}",model_name="deepseek-ai/DeepSeek-R1",node="${node(n)}"`;

/** The GPUs of a scrape in order, or shuffled (a fixed-seed LCG, so runs compare). */
function gpuOrder(scrape: number): number[] {
  const order = Array.from({ length: NODES * GPUS }, (_, i) => i);
  if (!args.shuffle) return order;
  let seed = scrape + 1;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function generate(): { exposition: Buffer; csv: Buffer; scrapes: number } {
  const perScrape = METRICS.length * NODES * GPUS;
  const scrapes = Math.ceil(SAMPLES / perScrape);
  const exposition: Buffer[] = [];
  const csv: Buffer[] = [Buffer.from(`ts,interval_s,node,gpu,role,${METRICS.map((m) => m.csvColumn).join(',')}\n`)];
  for (let s = 0; s < scrapes; s++) {
    const ts = START_MS + s * SCRAPE_MS;
    let text = '';
    for (const m of METRICS) {
      text += `# HELP ${m.name} Generated for the benchmark.\n# TYPE ${m.name} ${m.type}\n`;
      for (const i of gpuOrder(s)) text += `${m.name}{${labelsOf(m, Math.floor(i / GPUS), i % GPUS)}} ${m.text(m.value(i, s))} ${ts}\n`;
    }
    exposition.push(Buffer.from(text));
    let rows = '';
    const iso = new Date(ts).toISOString();
    for (let n = 0; n < NODES; n++) {
      for (let g = 0; g < GPUS; g++) rows += `${iso},15,${node(n)},${g},decode,${METRICS.map((m) => m.value(n * GPUS + g, s)).join(',')}\n`;
    }
    csv.push(Buffer.from(rows));
  }
  return { exposition: Buffer.concat(exposition), csv: Buffer.concat(csv), scrapes };
}

/** CPU seconds of one parse of `bytes` in 64 KiB chunks, and what it returned. */
function timed<T>(bytes: Buffer, parse: (chunks: Buffer[]) => T): { seconds: number; result: T } {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) chunks.push(bytes.subarray(i, i + CHUNK_BYTES));
  const before = process.cpuUsage();
  const result = parse(chunks);
  const cpu = process.cpuUsage(before);
  return { seconds: (cpu.user + cpu.system) / 1e6, result };
}

function parseExposition(chunks: Buffer[]): { samples: number; errors: number; lines: number } {
  const parser = createExpositionParser({ maxLineBytes: DEFAULT_MAX_LINE_BYTES });
  let samples = 0;
  let errors = 0;
  let lines = 0;
  // Each chunk's output is counted and dropped, as a consumer would, so the heap holds one chunk's samples.
  const count = (out: MetricParseOutput) => {
    samples += out.samples.length;
    errors += out.errors.length;
    lines += out.lines;
  };
  for (const chunk of chunks) count(parser.push(chunk));
  count(parser.end());
  return { samples, errors, lines };
}

function parseCsv(chunks: Buffer[]): { rows: number; errors: number } {
  const parser = canonicalCsv.create({ now: Date.now(), maxLineBytes: DEFAULT_MAX_LINE_BYTES });
  let rows = 0;
  let errors = 0;
  const count = (out: ParseOutput) => {
    rows += out.records.length;
    errors += out.errors.length;
  };
  for (const chunk of chunks) count(parser.push(chunk));
  count(parser.end());
  return { rows, errors };
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
const mb = (bytes: number, s: number) => (bytes / 1e6 / s).toFixed(0);

const { exposition, csv, scrapes } = generate();
console.log(`${scrapes} scrapes${args.shuffle ? ' (series shuffled)' : ''} of ${METRICS.length} metrics × ${NODES * GPUS} GPUs: ${(exposition.length / 1e6).toFixed(0)} MB of exposition, ${(csv.length / 1e6).toFixed(0)} MB of CSV; best of ${RUNS} runs, CPU time, one core`);
let bestExposition = Infinity;
let bestCsv = Infinity;
for (let run = 0; run < RUNS; run++) {
  const e = timed(exposition, parseExposition);
  if (e.result.errors) throw new Error(`${e.result.errors} errors in the generated exposition`);
  const c = timed(csv, parseCsv);
  if (c.result.errors) throw new Error(`${c.result.errors} errors in the generated CSV`);
  bestExposition = Math.min(bestExposition, e.seconds);
  bestCsv = Math.min(bestCsv, c.seconds);
  console.log(`  run ${run + 1}: exposition ${e.seconds.toFixed(2)} s (${e.result.samples} samples, ${e.result.lines} lines), CSV ${c.seconds.toFixed(2)} s (${c.result.rows} rows)`);
}
const samples = scrapes * METRICS.length * NODES * GPUS;
const lines = samples + scrapes * METRICS.length * 2;
console.log(`exposition: ${rate(samples, bestExposition)} sample lines/s (${rate(lines, bestExposition)} lines/s with HELP/TYPE), ${mb(exposition.length, bestExposition)} MB/s`);
console.log(`canonical CSV of the same data: ${rate(samples / METRICS.length, bestCsv)} rows/s, ${mb(csv.length, bestCsv)} MB/s`);
console.log(`exposition speed / CSV speed on the same data: ${(bestCsv / bestExposition).toFixed(2)} (target ≥ 0.5)`);
console.log(`heap after the runs: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
