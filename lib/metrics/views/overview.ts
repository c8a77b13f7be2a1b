import { edgesWithin } from '@/lib/finance/effective';
import { electricityRateEdges } from '@/lib/finance/electricity';
import { energyTotals } from '@/lib/metrics/energy';
import type { Figure } from '@/lib/metrics/figure';
import type { FleetData } from '@/lib/metrics/fleetData';
import type { CounterStep, MetricsReader } from '@/lib/metrics/rows';
import { cutSteps, makeSteps, singleStep, stepSeconds, type Steps } from '@/lib/metrics/steps';
import { pricingGrainMinutes } from './pricingGrain';
import { pricingSteps } from './pricingSteps';
import { buildDailyReport } from '@/lib/report/build';
import type { DailyReport } from '@/lib/report/types';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import { dayContaining } from '@/lib/time/day';
import type { TimeWindow } from '@/lib/time/window';
import { counterTotals, figure, requestAggregates, stepSeries, viewFrame, viewSteps } from './common';
import { tokensByStep, windowTokens } from './fleetTokens';
import { nodeSecondsByStep } from './nodeTime';
import type { View, ViewQuery } from './types';

type Report = Omit<DailyReport, 'status' | 'version'>;
type Overview = View & { previous: Record<string, Figure<number | null>>; change: Record<string, number | null> };

/**
 * Counter steps for pricing: the view's days when it steps by days (the day rollups then serve
 * whole days), else whole UTC hours (the hour rollup), unless a reference price book changes
 * inside one — then minutes. Theoretical revenue prices each step's tokens at the book in force,
 * and its total (what the overview shows) does not depend on how steps fall into the report's hours.
 */
function counterSteps(window: TimeWindow, pricing: PricingConfig, q: ViewQuery): Steps {
  const books = pricing.priceBooks.filter((b) => b.model === pricing.referenceModel);
  const edges = edgesWithin(books, window.start, window.end);
  const candidates = [...(q.step === '1d' ? [makeSteps(window, '1d', q.timeZone, q.dayStart)] : []), makeSteps(window, '1h')];
  return candidates.find((steps) => edges.every((edge) => steps.edges.includes(edge))) ?? makeSteps(window, '1m');
}

/**
 * The daily report's inputs for any whole-minute window: counters per day or hour and requests
 * per step of constant pricing (pricingSteps), which price the same as per minute.
 */
interface ReportData {
  data: FleetData;
  counterSteps: Steps;
}

/**
 * The part of `window` inside the data span: reads on a pricing grid cost per step (a 30-minute
 * grid over ten years is 175,000 edges), and steps holding no data add nothing to the report.
 */
function pricedPart(window: TimeWindow, span: TimeWindow | null | undefined): TimeWindow | null {
  if (span === undefined) return window;
  const start = Math.max(window.start, span?.start ?? window.end);
  const end = Math.min(window.end, span?.end ?? window.start);
  return end > start ? { start, end } : null;
}

async function loadReport(reader: MetricsReader, q: ViewQuery, window: TimeWindow, pricing: PricingConfig, dataThrough?: number): Promise<ReportData> {
  const priced = pricedPart(window, q.dataSpan);
  const counterStepsOf = priced ? counterSteps(priced, pricing, q) : singleStep(window);
  const minutes = priced && pricingSteps(pricing, priced, pricingGrainMinutes(pricing, priced) * 60_000);
  const whole = singleStep(window);
  const energySteps = cutSteps(whole, electricityRateEdges(pricing.electricityRates, window));
  const [intervals, counters, requests, speed, ttft, energy] = await Promise.all([
    reader.nodeIntervals(window), priced ? reader.counters(counterStepsOf, {}) : [], minutes ? reader.requests(minutes, {}) : [],
    reader.histogram(whole, 'outputSpeed', {}), reader.histogram(whole, 'ttftMs', {}), reader.nodeEnergy(energySteps, {}),
  ]);
  const bins = (rows: typeof speed) => rows.map((r) => ({ at: window.start, bin: r.bin, weight: r.weight }));
  const data = {
    window, intervals, counters: counterTotals(counters, counterStepsOf), requests: minutes ? requestAggregates(requests, minutes) : [],
    outputSpeedBins: bins(speed), ttftBins: bins(ttft), energy: energyTotals(energy, energySteps), dataThrough,
  };
  return { data, counterSteps: counterStepsOf };
}

/** The overview's figures, named and valued as the daily report of the same window has them. */
export function reportFigures(r: Report): Record<string, Figure<number | null>> {
  const p = (value: number | null, source: { source: Figure['source']; coverage: number | null }) => figure(value, source.source, source.coverage);
  const theoretical = { source: r.revenue.source.theoretical, coverage: r.revenue.coverage.theoretical };
  const actual = { source: r.revenue.source.actual, coverage: r.revenue.coverage.actual };
  return {
    'nodes.avg': p(r.nodes.avg, r.nodes),
    'nodes.peak': p(r.nodes.peak, r.nodes),
    'nodes.nodeHours': p(r.nodes.nodeHours, r.nodes),
    'nodes.gpuHours': p(r.nodes.gpuHours, r.nodes),
    'tokens.input': p(r.tokens.input, r.tokens),
    'tokens.cached': p(r.tokens.cached, r.tokens),
    'tokens.output': p(r.tokens.output, r.tokens),
    'tokens.cacheHitRatio': p(r.tokens.cacheHitRatio, r.tokens),
    'throughput.prefillPerNode': p(r.throughput.prefillPerNode, r.throughput),
    'throughput.decodePerNode': p(r.throughput.decodePerNode, r.throughput),
    'outputSpeed.mean': p(r.outputSpeed.mean, r.outputSpeed),
    'outputSpeed.p50': p(r.outputSpeed.p50, r.outputSpeed),
    'outputSpeed.p90': p(r.outputSpeed.p90, r.outputSpeed),
    'outputSpeed.p99': p(r.outputSpeed.p99, r.outputSpeed),
    'kv.avgLengthPerOutputToken': p(r.kv.avgLengthPerOutputToken, r.kv),
    'cost.total': p(r.cost.total, r.cost),
    'revenue.theoretical': p(r.revenue.theoretical, theoretical),
    'revenue.actual': p(r.revenue.actual, actual),
    'margin.theoretical': p(r.margin.theoretical, theoretical),
    'margin.actual': p(r.margin.actual, actual),
  };
}

/** (current − previous) ÷ |previous|, null without both or from 0. */
export function changes(current: Record<string, Figure<number | null>>, previous: Record<string, Figure<number | null>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, f] of Object.entries(current)) {
    const before = previous[key]?.value ?? null;
    out[key] = f.value === null || before === null || before === 0 ? null : (f.value - before) / Math.abs(before);
  }
  return out;
}

function report(data: FleetData, pricing: PricingConfig, q: ViewQuery): Report {
  const day = { date: dayContaining(data.window.start, q.timeZone, q.dayStart), timeZone: q.timeZone, dayStart: q.dayStart };
  return buildDailyReport(data, pricing, day, { hourly: false });
}

/** The counters of the view's steps: from the report's when every view edge is one of theirs, else read. */
async function stepCounters(reader: MetricsReader, loaded: ReportData, steps: Steps): Promise<CounterStep[]> {
  const theirs = new Set(loaded.counterSteps.edges);
  if (!steps.edges.every((e) => theirs.has(e))) return reader.counters(steps, {});
  let i = 0;
  return loaded.data.counters.map((c) => {
    while (steps.edges[i + 1] <= c.at) i++;
    return { ...c, step: i };
  });
}

/** Small charts: tokens/s by role and nodes in service, per step. */
async function overviewCharts(reader: MetricsReader, loaded: ReportData, steps: Steps): Promise<View['charts']> {
  const { intervals, dataThrough } = loaded.data;
  const counters = await stepCounters(reader, loaded, steps);
  const tokens = windowTokens(counters, [], intervals, steps, undefined, dataThrough);
  const perStep = tokensByStep(tokens.source, counters, tokens.source === 'requests' ? await reader.requests(steps, {}) : [], steps);
  const seconds = nodeSecondsByStep(intervals, steps);
  return [
    {
      id: 'tokens-per-second', title: 'Tokens/s', unit: 'tokens/s', x: 'time', kind: 'line',
      series: [
        stepSeries(steps, 'input', 'Input', (i) => perStep[i].input / stepSeconds(steps, i)),
        stepSeries(steps, 'output', 'Output', (i) => perStep[i].output / stepSeconds(steps, i)),
      ],
    },
    {
      id: 'nodes', title: 'Nodes in service', unit: 'nodes', x: 'time', kind: 'line',
      series: [
        stepSeries(steps, 'prefill', 'Prefill', (i) => seconds.prefill[i] / stepSeconds(steps, i)),
        stepSeries(steps, 'decode', 'Decode', (i) => seconds.decode[i] / stepSeconds(steps, i)),
        stepSeries(steps, 'idle', 'Idle', (i) => seconds.idle[i] / stepSeconds(steps, i)),
      ],
    },
  ];
}

/**
 * The fleet figures of the window, computed as the daily report computes them (so the two agree
 * for the same window), each with its change against the previous window of the same length.
 */
export async function overviewView(reader: MetricsReader, q: ViewQuery, pricing: PricingConfig): Promise<Overview> {
  const length = q.window.end - q.window.start;
  const before = { start: q.window.start - length, end: q.window.start };
  const steps = viewSteps(q);
  const [now, then] = await Promise.all([loadReport(reader, q, q.window, pricing, q.dataThrough), loadReport(reader, q, before, pricing)]);
  const charts = await overviewCharts(reader, now, steps);
  const figures = reportFigures(report(now.data, pricing, q));
  const previous = reportFigures(report(then.data, pricing, q));
  return {
    ...viewFrame('overview', q),
    figures,
    previous,
    change: changes(figures, previous),
    charts,
    tables: [],
    notes: [],
  };
}

