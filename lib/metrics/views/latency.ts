import { binMidpoint, histogramQuantile, type HistogramMetric } from '@/lib/metrics/histogram';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, HistStep, MetricsReader, RequestStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import { onlyNodes, windowTokens } from './fleetTokens';
import { windowBins } from './kv';
import type { Chart, View, ViewQuery } from './types';

export interface LatencyData {
  counters: CounterStep[];
  requests: RequestStep[];
  intervals: NodeInterval[];
  ttft: HistStep[];
  speed: HistStep[];
}

const PERCENTILES = [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const;

function percentileChart(id: string, title: string, unit: string, rows: HistStep[], steps: Steps): Chart {
  const perStep = byStep(rows, steps);
  return {
    id, title, unit, x: 'time', kind: 'line',
    series: PERCENTILES.map(([key, p]) => stepSeries(steps, key, key, (i) => histogramQuantile(perStep[i], p))),
  };
}

function distributionChart(id: string, title: string, unit: string, rows: HistStep[]): Chart {
  const bins = windowBins(rows);
  const total = sumOf(bins, (b) => b.weight);
  return { id, title, unit: 'share of requests', xUnit: unit, x: 'log', kind: 'bar', series: [{ key: 'share', label: 'Share of requests', points: bins.map((b) => ({ x: binMidpoint(b.bin), y: b.weight / total })) }] };
}

/**
 * TTFT = first_token_at − arrived_at and output speed = (O − 1) ÷ (finished_at − first_token_at)
 * (O ≥ 2): weighted means, and p50/p90/p99 from the fixed log histograms, over time.
 */
export function buildLatency(data: LatencyData, q: ViewQuery, steps: Steps): View {
  const tokens = windowTokens(data.counters, data.requests, onlyNodes(data.intervals, q.nodes), steps, q.model, q.dataThrough);
  const f = (value: number | null) => figure(value, 'requests', tokens.coverage);
  const figures: View['figures'] = {
    'ttftMs.mean': f(ratio(sumOf(data.requests, (r) => r.ttftMsSum), sumOf(data.requests, (r) => r.ttftWeight))),
    'outputSpeed.mean': f(ratio(sumOf(data.requests, (r) => r.speedSum), sumOf(data.requests, (r) => r.speedWeight))),
  };
  const metrics: [HistogramMetric, string, HistStep[]][] = [['ttftMs', 'ttftMs', data.ttft], ['outputSpeed', 'outputSpeed', data.speed]];
  for (const [, name, rows] of metrics) {
    const bins = windowBins(rows);
    for (const [key, p] of PERCENTILES) figures[`${name}.${key}`] = f(histogramQuantile(bins, p));
  }
  const noTimes = !data.requests.some((r) => r.ttftWeight > 0);
  return {
    ...viewFrame('latency', q),
    figures,
    charts: [
      percentileChart('ttft', 'Time to first token', 'ms', data.ttft, steps),
      percentileChart('output-speed', 'Output speed', 'tokens/s', data.speed, steps),
      distributionChart('ttft-distribution', 'TTFT distribution', 'ms', data.ttft),
      distributionChart('output-speed-distribution', 'Output speed distribution', 'tokens/s', data.speed),
    ],
    tables: [],
    notes: noTimes ? ['No request in the window carries first_token_at: TTFT and output speed need it (public traces often lack it).'] : [],
  };
}

export async function latencyView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const filter = { nodes: q.nodes, model: q.model };
  const [counters, requests, intervals, ttft, speed] = await Promise.all([
    reader.counters(steps, filter), reader.requests(steps, filter), reader.nodeIntervals(q.window),
    reader.histogram(steps, 'ttftMs', filter), reader.histogram(steps, 'outputSpeed', filter),
  ]);
  return buildLatency({ counters, requests, intervals, ttft, speed }, q, steps);
}
