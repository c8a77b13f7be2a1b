import { binMidpoint, histogramQuantile } from '@/lib/metrics/histogram';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, GpuStep, HistStep, MetricsReader, RequestStep } from '@/lib/metrics/rows';
import { gpuSteps, type Steps } from '@/lib/metrics/steps';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import { onlyNodes, windowTokens } from './fleetTokens';
import type { View, ViewQuery } from './types';

export interface KvData {
  counters: CounterStep[];
  requests: RequestStep[];
  intervals: NodeInterval[];
  kvHist: HistStep[];
  decodeGpus: GpuStep[];
  gpuSteps: Steps;
}

const USAGE_BUCKETS = 10;
const TOP_GPUS = 20;

/** Σ over steps of each bin's weight. */
export function windowBins(rows: HistStep[]): { bin: number; weight: number }[] {
  const bins = new Map<number, number>();
  for (const r of rows) bins.set(r.bin, (bins.get(r.bin) ?? 0) + r.weight);
  return [...bins].sort((a, b) => a[0] - b[0]).map(([bin, weight]) => ({ bin, weight }));
}

interface GpuUsage {
  node: string;
  gpu: number;
  kvTokens: number;
  capacity: number;
  usage: number | null;
}

/** Each decode GPU's time-weighted mean KV-cache tokens against its mean capacity over the window. */
function gpuUsage(rows: GpuStep[]): GpuUsage[] {
  const byGpu = new Map<string, GpuStep[]>();
  for (const r of rows) byGpu.set(`${r.node}|${r.gpu}`, [...(byGpu.get(`${r.node}|${r.gpu}`) ?? []), r]);
  return [...byGpu.values()].map((g) => {
    const secs = sumOf(g, (r) => r.gpuSeconds);
    const kvTokens = sumOf(g, (r) => r.kvCacheTokensS) / secs;
    const capacity = sumOf(g, (r) => r.kvCacheCapacityS) / secs;
    return { node: g[0].node, gpu: g[0].gpu, kvTokens, capacity, usage: ratio(kvTokens, capacity) };
  });
}

/**
 * KV-cache length per output token = Σ w·(O·I + O·(O−1)/2) ÷ Σ w·O over time; the distribution
 * of the lengths output tokens see; KV usage of decode GPUs against their capacity.
 */
export function buildKv(data: KvData, q: ViewQuery, steps: Steps): View {
  const tokens = windowTokens(data.counters, data.requests, onlyNodes(data.intervals, q.nodes), steps, q.model);
  const req = (value: number | null) => figure(value, 'requests', tokens.coverage);
  const gauge = (value: number | null) => figure(value, 'counters', null);
  const bins = windowBins(data.kvHist);
  const totalWeight = sumOf(bins, (b) => b.weight);
  const reqSteps = byStep(data.requests, steps);
  const decode = byStep(data.counters.filter((c) => c.role === 'decode'), steps);
  const decodeAll = data.counters.filter((c) => c.role === 'decode');
  const usage = gpuUsage(data.decodeGpus);
  const withUsage = usage.filter((u): u is GpuUsage & { usage: number } => u.usage !== null);
  const perGpuStep = byStep(data.decodeGpus, data.gpuSteps);
  const bucketOf = (u: number) => Math.min(USAGE_BUCKETS, Math.floor(u * USAGE_BUCKETS));
  const histogram = new Array<number>(USAGE_BUCKETS + 1).fill(0);
  for (const u of withUsage) histogram[bucketOf(u.usage)] += 1;
  return {
    ...viewFrame('kv', q),
    figures: {
      'kv.avgLengthPerOutputToken': req(ratio(sumOf(data.requests, (r) => r.kvEntries), sumOf(data.requests, (r) => r.outputTokens))),
      'kv.p50': req(histogramQuantile(bins, 0.5)),
      'kv.p90': req(histogramQuantile(bins, 0.9)),
      'kv.p99': req(histogramQuantile(bins, 0.99)),
      'kvUsage.fleet': gauge(ratio(sumOf(decodeAll, (c) => c.kvCacheTokensS), sumOf(decodeAll, (c) => c.kvCacheCapacityS))),
      'kvUsage.maxGpu': gauge(withUsage.length ? Math.max(...withUsage.map((u) => u.usage)) : null),
    },
    charts: [
      {
        id: 'kv-length', title: 'KV-cache length per output token', unit: 'tokens', x: 'time', kind: 'line',
        series: [stepSeries(steps, 'kvLength', 'KV length per output token', (i) => ratio(sumOf(reqSteps[i], (r) => r.kvEntries), sumOf(reqSteps[i], (r) => r.outputTokens)))],
      },
      {
        id: 'kv-distribution', title: 'KV-cache length seen by output tokens', unit: 'share of output tokens', x: 'log', kind: 'bar',
        series: [{ key: 'share', label: 'Share of output tokens', points: bins.map((b) => ({ x: binMidpoint(b.bin), y: b.weight / totalWeight })) }],
      },
      {
        id: 'kv-usage', title: 'Decode KV-cache usage against capacity', unit: 'ratio', x: 'time', kind: 'line',
        series: [
          stepSeries(steps, 'fleet', 'Fleet', (i) => ratio(sumOf(decode[i], (c) => c.kvCacheTokensS), sumOf(decode[i], (c) => c.kvCacheCapacityS))),
          stepSeries(data.gpuSteps, 'maxGpu', 'Fullest GPU', (i) => {
            const u = perGpuStep[i].map((g) => ratio(g.kvCacheTokensS, g.kvCacheCapacityS)).filter((x): x is number => x !== null);
            return u.length ? Math.max(...u) : null;
          }),
        ],
      },
      {
        id: 'gpu-usage', title: 'Decode GPUs by KV-cache usage (window mean)', unit: 'GPUs', x: 'category', kind: 'bar',
        series: [{ key: 'gpus', label: 'GPUs', points: histogram.map((n, b) => ({ x: b === USAGE_BUCKETS ? '≥100%' : `${b * 10}–${b * 10 + 10}%`, y: n })) }],
      },
    ],
    tables: [{
      id: 'fullest-gpus',
      title: `Decode GPUs with the fullest KV cache (top ${TOP_GPUS})`,
      columns: [{ key: 'node', label: 'Node' }, { key: 'gpu', label: 'GPU' }, { key: 'kvTokens', label: 'KV tokens (mean)' }, { key: 'capacity', label: 'Capacity (mean)' }, { key: 'usage', label: 'Usage' }],
      rows: withUsage.sort((a, b) => b.usage - a.usage).slice(0, TOP_GPUS).map((u) => ({ ...u })),
    }],
    notes: data.requests.length ? [] : ['No requests in the window: the KV length per output token needs request rows.'],
  };
}

export async function kvView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const gsteps = gpuSteps(steps);
  const filter = { nodes: q.nodes, model: q.model };
  const [counters, requests, intervals, kvHist, decodeGpus] = await Promise.all([
    reader.counters(steps, filter), reader.requests(steps, filter), reader.nodeIntervals(q.window),
    reader.histogram(steps, 'kvLength', filter), reader.gpuLoads(gsteps, 'decode', filter),
  ]);
  return buildKv({ counters, requests, intervals, kvHist, decodeGpus, gpuSteps: gsteps }, q, steps);
}
