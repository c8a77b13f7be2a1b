/**
 * A fleet's Prometheus scrapes for the ingest benchmark, and the canonical `gpu_sample` CSV of
 * the same rows: SGLang ranks in a prefill/decode split, each scrape giving every rank's token
 * counters and KV gauges with the scrape's timestamp (the 0.0.4 text format, in time order, as a
 * series of `curl /metrics` saved with timestamps). The CSV holds the rows the ingest derives
 * from the scrapes, computed here from the same numbers, so the two ingests store the same rows.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { open } from 'node:fs/promises';

export interface ScrapeFiles {
  prometheus: string;
  csv: string;
  /** Samples in the Prometheus file. */
  samples: number;
  /** gpu_sample rows both files give (every scrape but the first, which starts the counters). */
  rows: number;
  inputTokens: number;
  outputTokens: number;
}

const GPUS_PER_NODE = 8;
const STEP_MS = 10_000;
const T0 = Date.UTC(2025, 1, 27, 4);
const SAMPLES_PER_GPU = 7;
const KV_CAPACITY = 655_360;

const CSV_HEADER = 'ts,interval_s,node,gpu,role,input_tokens,cached_tokens,output_tokens,requests,running_requests,kv_cache_tokens,kv_cache_capacity';

/** A deterministic per-GPU, per-scrape load (no randomness: the two files must agree). */
const load = (gpu: number, k: number) => 1 + ((gpu * 7919 + k * 104_729) % 997) / 997;

class Writer {
  private readonly out: WriteStream;
  private buffered: string[] = [];
  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }
  async line(text: string): Promise<void> {
    this.buffered.push(text);
    if (this.buffered.length >= 4096) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.buffered.length) return;
    const ok = this.out.write(`${this.buffered.join('\n')}\n`);
    this.buffered = [];
    if (!ok) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
    const file = await open(this.path, 'r');
    await file.sync();
    await file.close();
  }
}

const FAMILIES: [string, string][] = [
  ['sglang:prompt_tokens_total', 'counter'],
  ['sglang:cached_tokens_total', 'counter'],
  ['sglang:generation_tokens_total', 'counter'],
  ['sglang:num_requests_total', 'counter'],
  ['sglang:num_running_reqs', 'gauge'],
  ['sglang:num_used_tokens', 'gauge'],
  ['sglang:max_total_num_tokens', 'gauge'],
];

/** Writes at least `samples` samples: whole scrapes of `nodes` × 8 ranks. */
export async function writeScrapeFiles(dir: string, samples: number, nodes = 256): Promise<ScrapeFiles> {
  const gpus = nodes * GPUS_PER_NODE;
  const scrapes = Math.max(2, Math.ceil(samples / (gpus * SAMPLES_PER_GPU)));
  const prom = new Writer(`${dir}/fleet.prom`);
  const csv = new Writer(`${dir}/fleet-samples.csv`);
  await csv.line(CSV_HEADER);
  const counters = { prompt: new Float64Array(gpus), cached: new Float64Array(gpus), output: new Float64Array(gpus), requests: new Float64Array(gpus) };
  const totals = { inputTokens: 0, outputTokens: 0 };
  for (let k = 0; k < scrapes; k++) {
    const ts = T0 + k * STEP_MS;
    for (const [name, type] of FAMILIES) await prom.line(`# TYPE ${name} ${type}`);
    for (let g = 0; g < gpus; g++) {
      const node = Math.floor(g / GPUS_PER_NODE);
      const prefill = node % 2 === 0;
      const labels = `{node="node-${String(node).padStart(4, '0')}",engine_type="${prefill ? 'prefill' : 'decode'}",dp_rank="${g % GPUS_PER_NODE}",model_name="deepseek-r1"}`;
      const l = load(g, k);
      // Both sides count the prompt and the requests, as SGLang does in PD; each side's own share is what the ingest keeps.
      const step = { prompt: Math.round(730_000 * l), output: Math.round(148_000 * l), requests: Math.round(90 * l) };
      const cachedStep = Math.round(step.prompt * 0.56);
      if (k > 0) {
        counters.prompt[g] += step.prompt;
        counters.cached[g] += cachedStep;
        counters.output[g] += step.output;
        counters.requests[g] += step.requests;
      }
      const running = Math.round(60 * l);
      const used = Math.min(KV_CAPACITY, running * 5000);
      await prom.line(`sglang:prompt_tokens_total${labels} ${counters.prompt[g]} ${ts}`);
      await prom.line(`sglang:cached_tokens_total${labels} ${counters.cached[g]} ${ts}`);
      await prom.line(`sglang:generation_tokens_total${labels} ${counters.output[g]} ${ts}`);
      await prom.line(`sglang:num_requests_total${labels} ${counters.requests[g]} ${ts}`);
      await prom.line(`sglang:num_running_reqs${labels} ${running} ${ts}`);
      await prom.line(`sglang:num_used_tokens${labels} ${used} ${ts}`);
      await prom.line(`sglang:max_total_num_tokens${labels} ${KV_CAPACITY} ${ts}`);
      if (k === 0) continue;
      const iso = new Date(ts).toISOString();
      const nodeName = `node-${String(node).padStart(4, '0')}`;
      const row = prefill
        ? `${iso},10,${nodeName},${g % GPUS_PER_NODE},prefill,${step.prompt},${cachedStep},,,${running},${used},${KV_CAPACITY}`
        : `${iso},10,${nodeName},${g % GPUS_PER_NODE},decode,,,${step.output},${step.requests},${running},${used},${KV_CAPACITY}`;
      await csv.line(row);
      if (prefill) totals.inputTokens += step.prompt;
      else totals.outputTokens += step.output;
    }
  }
  await prom.close();
  await csv.close();
  return { prometheus: prom.path, csv: csv.path, samples: scrapes * gpus * SAMPLES_PER_GPU, rows: (scrapes - 1) * gpus, ...totals };
}
