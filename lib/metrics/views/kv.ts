import { binMidpoint, histogramQuantile } from '@/lib/metrics/histogram';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, HistStep, KvUsageRow, MetricsReader, RequestStep } from '@/lib/metrics/rows';
import { gpuSteps, type Steps } from '@/lib/metrics/steps';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import { onlyNodes, windowTokens } from './fleetTokens';
import type { View, ViewQuery } from './types';

export interface KvData {
  counters: CounterStep[];
  requests: RequestStep[];
  intervals: NodeInterval[];
  kvHist: HistStep[];
  usage: KvUsageRow[];
  gpuSteps: Steps;
}

const USAGE_TENTHS = 10;
const TOP_GPUS = 20;

/** Σ over steps of each bin's weight. */
export function windowBins(rows: HistStep[]): { bin: number; weight: number }[] {
  const bins = new Map<number, number>();
  for (const r of rows) bins.set(r.bin, (bins.get(r.bin) ?? 0) + r.weight);
  return [...bins].sort((a, b) => a[0] - b[0]).map(([bin, weight]) => ({ bin, weight }));
}

/**
 * KV-cache length per output token = Σ w·(O·I + O·(O−1)/2) ÷ Σ w·O over time; the distribution
 * of the lengths output tokens see; KV usage of decode GPUs against their capacity.
 */
export function buildKv(data: KvData, q: ViewQuery, steps: Steps): View {
  const tokens = windowTokens(data.counters, data.requests, onlyNodes(data.intervals, q.nodes), steps, q.model, q.dataThrough);
  const req = (value: number | null) => figure(value, 'requests', tokens.coverage);
  const gauge = (value: number | null) => figure(value, 'counters', null);
  const bins = windowBins(data.kvHist);
  const totalWeight = sumOf(bins, (b) => b.weight);
  const reqSteps = byStep(data.requests, steps);
  const decode = byStep(data.counters.filter((c) => c.role === 'decode'), steps);
  const decodeAll = data.counters.filter((c) => c.role === 'decode');
  const fullest = data.usage.filter((u) => u.kind === 'gpu');
  const tenths = new Array<number>(USAGE_TENTHS + 1).fill(0);
  for (const u of data.usage) if (u.kind === 'tenth' && u.step !== null) tenths[u.step] = u.gpus ?? 0;
  const stepMax = new Map(data.usage.filter((u) => u.kind === 'step').map((u) => [u.step, u.usage]));
  return {
    ...viewFrame('kv', q),
    figures: {
      'kv.avgLengthPerOutputToken': req(ratio(sumOf(data.requests, (r) => r.kvEntries), sumOf(data.requests, (r) => r.outputTokens))),
      'kv.p50': req(histogramQuantile(bins, 0.5)),
      'kv.p90': req(histogramQuantile(bins, 0.9)),
      'kv.p99': req(histogramQuantile(bins, 0.99)),
      'kvUsage.fleet': gauge(ratio(sumOf(decodeAll, (c) => c.kvCacheTokensS), sumOf(decodeAll, (c) => c.kvCacheCapacityS))),
      'kvUsage.maxGpu': gauge(fullest[0]?.usage ?? null),
    },
    charts: [
      {
        id: 'kv-length', title: 'KV-cache length per output token', unit: 'tokens', x: 'time', kind: 'line',
        series: [stepSeries(steps, 'kvLength', 'KV length per output token', (i) => ratio(sumOf(reqSteps[i], (r) => r.kvEntries), sumOf(reqSteps[i], (r) => r.outputTokens)))],
      },
      {
        id: 'kv-distribution', title: 'KV-cache length seen by output tokens', unit: 'share of output tokens', xUnit: 'KV length (tokens)', x: 'log', kind: 'bar',
        series: [{ key: 'share', label: 'Share of output tokens', points: bins.map((b) => ({ x: binMidpoint(b.bin), y: b.weight / totalWeight })) }],
      },
      {
        id: 'kv-usage', title: 'Decode KV-cache usage against capacity', unit: 'ratio', x: 'time', kind: 'line',
        series: [
          stepSeries(steps, 'fleet', 'Fleet', (i) => ratio(sumOf(decode[i], (c) => c.kvCacheTokensS), sumOf(decode[i], (c) => c.kvCacheCapacityS))),
          stepSeries(data.gpuSteps, 'maxGpu', 'Fullest GPU', (i) => stepMax.get(i) ?? null),
        ],
      },
      {
        id: 'gpu-usage', title: 'Decode GPUs by KV-cache usage (window mean)', unit: 'GPUs', x: 'category', kind: 'bar',
        series: [{ key: 'gpus', label: 'GPUs', points: tenths.map((n, b) => ({ x: b === USAGE_TENTHS ? '≥100%' : `${b * 10}–${b * 10 + 10}%`, y: n })) }],
      },
    ],
    tables: [{
      id: 'fullest-gpus',
      title: `Decode GPUs with the fullest KV cache (top ${TOP_GPUS})`,
      columns: [{ key: 'node', label: 'Node' }, { key: 'gpu', label: 'GPU' }, { key: 'kvTokens', label: 'KV tokens (mean)' }, { key: 'capacity', label: 'Capacity (mean)' }, { key: 'usage', label: 'Usage', unit: 'ratio' }],
      rows: fullest.map((u) => ({ node: u.node, gpu: u.gpu, kvTokens: u.kv, capacity: u.capacity, usage: u.usage })),
    }],
    notes: data.requests.length ? [] : ['No requests in the window: the KV length per output token needs request rows.'],
  };
}

export async function kvView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const gsteps = gpuSteps(steps);
  const filter = { nodes: q.nodes, model: q.model };
  const [counters, requests, intervals, kvHist, usage] = await Promise.all([
    reader.counters(steps, filter), reader.requests(steps, filter), reader.nodeIntervals(q.window),
    reader.histogram(steps, 'kvLength', filter), reader.kvUsage(gsteps, filter, TOP_GPUS),
  ]);
  return buildKv({ counters, requests, intervals, kvHist, usage, gpuSteps: gsteps }, q, steps);
}
