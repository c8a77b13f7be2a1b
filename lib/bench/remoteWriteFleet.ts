/**
 * A loopback Prometheus for the remote-write benchmark: a fleet of SGLang ranks and their GPUs'
 * dcgm-exporter series, "scraped" every second and sent as remote write 1.0 requests of at most
 * 2,000 samples (Prometheus's max_samples_per_send), series spread over shards as Prometheus
 * spreads them. Encoded by hand from per-series label bytes made once: protobufjs's encoder
 * took more of the two cores than the receiver it was measuring.
 */
import snappy from 'snappy';

const GPUS_PER_NODE = 8;

export interface FleetSeries {
  /** The series' Label messages, encoded once. */
  labels: Buffer;
  /** Value at scrape k (counters grow, gauges vary). */
  value: (k: number) => number;
  /** Prefill prompt counters and decode output counters: what the receiver must store, to check it. */
  counts?: 'input' | 'output';
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function stringField(tag: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([(tag << 3) | 2, ...varint(bytes.length)]), bytes]);
}

function encodeLabels(labels: Record<string, string>): Buffer {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => {
      const label = Buffer.concat([stringField(1, name), stringField(2, labels[name])]);
      return Buffer.concat([Buffer.from([0x0a, ...varint(label.length)]), label]);
    });
  return Buffer.concat(parts);
}

/** The fleet's series: `nodes` nodes of 8 ranks, even nodes prefill, odd nodes decode; 9 series a GPU. */
export function fleetSeries(nodes: number): FleetSeries[] {
  const out: FleetSeries[] = [];
  for (let n = 0; n < nodes; n++) {
    const node = `node-${String(n).padStart(4, '0')}`;
    const prefill = n % 2 === 0;
    for (let g = 0; g < GPUS_PER_NODE; g++) {
      const engine = { node, engine_type: prefill ? 'prefill' : 'decode', dp_rank: String(g), model_name: 'deepseek-r1', instance: `${node}:30000`, job: 'sglang' };
      const rate = 1 + ((n * GPUS_PER_NODE + g) % 7) / 10;
      const series = (name: string, value: (k: number) => number, counts?: FleetSeries['counts']) =>
        out.push({ labels: encodeLabels({ __name__: name, ...engine }), value, counts });
      series('sglang:prompt_tokens_total', (k) => Math.round(73_000 * rate) * k, prefill ? 'input' : undefined);
      series('sglang:cached_tokens_total', (k) => Math.round(41_000 * rate) * k);
      series('sglang:generation_tokens_total', (k) => Math.round(14_800 * rate) * k, prefill ? undefined : 'output');
      series('sglang:num_requests_total', (k) => 9 * k);
      series('sglang:num_running_reqs', (k) => 40 + (k % 20));
      series('sglang:num_used_tokens', (k) => 200_000 + 1000 * (k % 50));
      series('sglang:max_total_num_tokens', () => 655_360);
      const gpu = { Hostname: node, gpu: String(g), UUID: `GPU-${n}-${g}`, modelName: 'NVIDIA H800', instance: `${node}:9400`, job: 'dcgm' };
      out.push({ labels: encodeLabels({ __name__: 'DCGM_FI_DEV_POWER_USAGE', ...gpu }), value: (k) => 400 + (k % 30) });
      out.push({ labels: encodeLabels({ __name__: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', ...gpu }), value: (k) => 1e9 + 415_000 * k });
    }
  }
  return out;
}

/** One TimeSeries with one sample, as WriteRequest field 1. */
function timeSeries(series: FleetSeries, value: number, ts: number): Buffer {
  const sample = Buffer.alloc(1 + 8 + 1 + 10);
  sample[0] = 0x09;
  sample.writeDoubleLE(value, 1);
  sample[9] = 0x10;
  const tsBytes = varint(ts);
  sample.set(tsBytes, 10);
  const sampleLength = 10 + tsBytes.length;
  const body = Buffer.concat([series.labels, Buffer.from([0x12, sampleLength]), sample.subarray(0, sampleLength)]);
  return Buffer.concat([Buffer.from([0x0a, ...varint(body.length)]), body]);
}

/**
 * Scrape k of the fleet at `ts` as snappy bodies of at most `perRequest` samples. Series are
 * dealt to shards by index (Prometheus hashes them), so a GPU's series land in several requests.
 */
export function scrapeBodies(series: FleetSeries[], k: number, ts: number, perRequest = 2000): Buffer[] {
  const shards = Math.ceil(series.length / perRequest);
  const parts: Buffer[][] = Array.from({ length: shards }, () => []);
  series.forEach((s, i) => parts[i % shards].push(timeSeries(s, s.value(k), ts)));
  return parts.map((p) => snappy.compressSync(Buffer.concat(p)));
}

/** What the receiver must store from scrapes 0..last: the first only starts the counters. */
export function expectedTotals(series: FleetSeries[], last: number): { input: number; output: number } {
  const totals = { input: 0, output: 0 };
  for (const s of series) if (s.counts) totals[s.counts] += s.value(last) - s.value(0);
  return totals;
}
