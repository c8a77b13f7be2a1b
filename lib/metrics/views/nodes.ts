import { NODE_STATES, ROLES } from '@/lib/ingest/records';
import { electricityRateEdges, type ElectricityRate } from '@/lib/finance/electricity';
import type { FigureSource } from '@/lib/metrics/figure';
import { isServingState, nodeOccupancy } from '@/lib/metrics/occupancy';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, EnergyStep, MetricsReader, NodeCounterStep, NodeEnergyStep, NodeFreshness } from '@/lib/metrics/rows';
import { cutSteps, makeSteps, stepCount, stepSeconds, type Steps } from '@/lib/metrics/steps';
import { DAY_MS_FOR_HISTORY, referenceRates, type ReferenceRates } from './capacity';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import { energyByNodeDay, energyChart, energyFigures, energyTable } from './energy';
import { onlyNodes } from './fleetTokens';
import { nodeSecondsByNode, nodeSecondsByStep, stateCurves } from './nodeTime';
import type { Chart, Table, View, ViewQuery } from './types';

export interface NodesData {
  intervals: NodeInterval[];
  counters: CounterStep[];
  nodeCounters: NodeCounterStep[];
  freshness: NodeFreshness[];
  rates: ReferenceRates;
  /** The instant freshness is judged at: now, or the window end when that is earlier. */
  asOf: number;
  /** The start of the newest minute of data in a live window: the share reported is judged up to there. */
  dataThrough?: number;
  /** Energy per view step and role (the chart). */
  energy: EnergyStep[];
  /** Energy per node and role per step of `energySteps`: the organisation's days, cut at electricity rate changes. */
  nodeEnergy: NodeEnergyStep[];
  days: Steps;
  energySteps: Steps;
  electricityRates: ElectricityRate[];
}

/** Nodes in a serving state at some time inside the window. */
const servingNodes = (intervals: NodeInterval[], steps: Steps) =>
  [...new Set(intervals.filter((i) => isServingState(i.state) && i.end > steps.window.start && i.start < steps.window.end).map((i) => i.node))];

/** A node in service that has not reported for this long is flagged as stopped. */
export const STOPPED_AFTER_MS = 5 * 60_000;
/** A node that reported less than this share of its serving time in the window has gaps. */
export const GAP_BELOW = 0.99;

function nodeSource(intervals: NodeInterval[], steps: Steps): { source: FigureSource; coverage: number | null } {
  let events = 0;
  let all = 0;
  for (const i of intervals) {
    if (!isServingState(i.state)) continue;
    const ms = Math.min(i.end, steps.window.end) - Math.max(i.start, steps.window.start);
    all += ms;
    if (i.origin === 'node_events') events += ms;
  }
  const coverage = ratio(events, all);
  return { source: coverage === null || coverage === 1 ? 'node_events' : coverage === 0 ? 'gpu_samples' : 'mixed', coverage };
}

/** The state each node is in at `t` (last interval starting at or before t and ending after it). */
function stateAt(intervals: NodeInterval[], t: number): Map<string, NodeInterval['state']> {
  const out = new Map<string, NodeInterval['state']>();
  for (const i of intervals) if (i.start <= t && i.end > t) out.set(i.node, i.state);
  return out;
}

function freshnessTable(data: NodesData, intervals: NodeInterval[], steps: Steps): { table: Table; gaps: number } {
  const through = data.dataThrough;
  const judged = through !== undefined && through > steps.window.start && through < steps.window.end ? { ...steps.window, end: through } : steps.window;
  const serving = nodeSecondsByNode(intervals, judged);
  const reported = new Map<string, number>();
  for (const r of data.nodeCounters) if (r.gpus > 0) reported.set(r.node, (reported.get(r.node) ?? 0) + r.gpuSeconds / r.gpus);
  const last = new Map<string, NodeFreshness[]>();
  for (const f of data.freshness) last.set(f.node, [...(last.get(f.node) ?? []), f]);
  const end = stateAt(intervals, Math.min(data.asOf, steps.window.end) - 1);
  const nodes = [...new Set([...serving.keys(), ...last.keys()])].filter((n) => serving.has(n) || end.has(n)).sort();
  let gaps = 0;
  const rows = nodes.map((node) => {
    const servingSeconds = ROLES.reduce((s, role) => s + (serving.get(node)?.[role] ?? 0), 0);
    const share = ratio(reported.get(node) ?? 0, servingSeconds);
    const lastAt = Math.max(...(last.get(node) ?? []).map((f) => f.lastAt), -Infinity);
    const state = end.get(node) ?? null;
    const stopped = state !== null && isServingState(state) && (lastAt === -Infinity || lastAt < data.asOf - STOPPED_AFTER_MS);
    const partial = share !== null && share < GAP_BELOW;
    if (stopped || partial) gaps += 1;
    return {
      node,
      state,
      roles: (last.get(node) ?? []).map((f) => `${f.role} ${new Date(f.lastAt).toISOString()}`).join('; ') || null,
      lastData: lastAt === -Infinity ? null : new Date(lastAt).toISOString(),
      ageMinutes: lastAt === -Infinity ? null : Math.max(0, (data.asOf - lastAt) / 60_000),
      reportedShare: share,
      flag: stopped ? 'stopped reporting' : partial ? 'gaps' : 'ok',
    };
  });
  rows.sort((a, b) => Number(b.flag !== 'ok') - Number(a.flag !== 'ok') || a.node.localeCompare(b.node));
  return {
    gaps,
    table: {
      id: 'freshness',
      title: 'Data freshness per node (last data per role; gaps flagged)',
      columns: [
        { key: 'node', label: 'Node' }, { key: 'state', label: 'State at end' }, { key: 'lastData', label: 'Last data' },
        { key: 'ageMinutes', label: 'Age (min)' }, { key: 'reportedShare', label: 'Reported share of serving time', unit: 'ratio' },
        { key: 'flag', label: 'Flag' }, { key: 'roles', label: 'Last data per role' },
      ],
      rows,
    },
  };
}

/**
 * Node-hours(state) from node_event intervals (eventless nodes from their samples); nodes per
 * state over time as a step chart; the capacity check: nodes needed = input tokens/s ÷ prefill
 * reference rate + output tokens/s ÷ decode reference rate, against nodes in service; energy
 * (kWh per step, per node and day) and its cost at the electricity rate.
 */
export function buildNodes(data: NodesData, q: ViewQuery, steps: Steps): View {
  const intervals = onlyNodes(data.intervals, q.nodes);
  const occupancy = nodeOccupancy(intervals, steps.window);
  const provenance = nodeSource(intervals, steps);
  const nf = (value: number | null) => figure(value, provenance.source, provenance.coverage);
  const seconds = nodeSecondsByStep(intervals, steps);
  const counters = byStep(data.counters, steps);
  const needed = (i: number) => {
    const secs = stepSeconds(steps, i);
    return sumOf(counters[i], (c) => c.inputTokens) / secs / data.rates.prefill + sumOf(counters[i], (c) => c.outputTokens) / secs / data.rates.decode;
  };
  const inService = (i: number) => ROLES.reduce((s, role) => s + seconds[role][i], 0) / stepSeconds(steps, i);
  const covered = Array.from({ length: stepCount(steps) }, (_, i) => i).filter((i) => counters[i].length > 0);
  const coveredSeconds = sumOf(covered, (i) => stepSeconds(steps, i));
  const neededAvg = covered.length ? sumOf(covered, (i) => needed(i) * stepSeconds(steps, i)) / coveredSeconds : null;
  const inServiceAvg = covered.length ? sumOf(covered, (i) => inService(i) * stepSeconds(steps, i)) / coveredSeconds : null;
  const curves = stateCurves(intervals, steps.window);
  const fresh = freshnessTable(data, intervals, steps);
  const energy = energyByNodeDay(data.nodeEnergy, data.energySteps, data.days, q.dayStart, servingNodes(intervals, steps));
  const notes = data.rates.source === 'default' ? ['No GPU counters in the previous 7 days: the capacity check uses DeepSeek\'s published rates (73.7k input, 14.8k output tokens/s per node).'] : [];
  if (energy.unmeasured.length) {
    const names = energy.unmeasured.slice(0, 10).join(', ') + (energy.unmeasured.length > 10 ? ', …' : '');
    notes.push(`${energy.unmeasured.length} node(s) reported neither power nor energy, so their energy is not counted (no data, not 0): ${names}.`);
  }
  // Every state at every change (stacked steps need the same instants in each series), held until the next.
  const changes = [...new Set([...NODE_STATES.flatMap((s) => curves[s].map((p) => p.at)), steps.window.end])].sort((a, b) => a - b);
  const stepChart: Chart = {
    id: 'node-count', title: 'Nodes by state', unit: 'nodes', x: 'time', kind: 'step', stacked: true,
    series: NODE_STATES.map((state) => {
      const curve = curves[state];
      let k = 0;
      return {
        key: state, label: state,
        points: changes.map((at) => {
          while (k + 1 < curve.length && curve[k + 1].at <= at) k++;
          return { x: at, y: curve[k].nodes };
        }),
      };
    }),
  };
  return {
    ...viewFrame('nodes', q),
    figures: {
      'nodes.avg': nf(occupancy.avgNodes),
      'nodes.peak': nf(occupancy.peakNodes),
      'nodes.nodeHours': nf(occupancy.nodeHours),
      'nodes.gpuHours': nf(occupancy.gpuHours),
      'capacity.nodesNeeded': figure(neededAvg, 'counters', null),
      'capacity.nodesInService': nf(inServiceAvg),
      'capacity.prefillRate': figure(data.rates.prefill, data.rates.source === 'history' ? 'counters' : 'mixed', null),
      'capacity.decodeRate': figure(data.rates.decode, data.rates.source === 'history' ? 'counters' : 'mixed', null),
      'freshness.flaggedNodes': figure(fresh.gaps, 'gpu_samples', null),
      ...energyFigures(data.nodeEnergy, data.energySteps, data.electricityRates),
    },
    charts: [
      stepChart,
      {
        id: 'node-hours', title: 'Node-hours by state', unit: 'node-hours', x: 'time', kind: 'bar', stacked: true,
        series: NODE_STATES.map((state) => stepSeries(steps, state, state, (i) => seconds[state][i] / 3600)),
      },
      {
        id: 'capacity', title: `Capacity check (reference ${Math.round(data.rates.prefill)} / ${Math.round(data.rates.decode)} tokens/s per node, ${data.rates.source})`,
        unit: 'nodes', x: 'time', kind: 'line',
        series: [
          stepSeries(steps, 'needed', 'Nodes needed', (i) => (counters[i].length ? needed(i) : null)),
          stepSeries(steps, 'inService', 'Nodes in service', inService),
        ],
      },
      energyChart(data.energy, steps),
    ],
    tables: [
      {
        id: 'node-hours-by-state', title: 'Node-hours by state',
        columns: [{ key: 'state', label: 'State' }, { key: 'nodeHours', label: 'Node-hours' }, { key: 'gpuHours', label: 'GPU-hours' }],
        rows: NODE_STATES.map((state) => ({ state, nodeHours: occupancy.nodeHoursByState[state], gpuHours: occupancy.gpuHoursByState[state] })),
      },
      energyTable(energy),
      fresh.table,
    ],
    notes,
  };
}

export async function nodesView(reader: MetricsReader, q: ViewQuery, electricityRates: ElectricityRate[], now = Date.now()): Promise<View> {
  const steps = viewSteps(q);
  const history = makeSteps({ start: q.window.start - 7 * DAY_MS_FOR_HISTORY, end: q.window.start }, '1h', q.timeZone);
  const days = makeSteps(q.window, '1d', q.timeZone, q.dayStart);
  const energySteps = cutSteps(days, electricityRateEdges(electricityRates, q.window));
  const filter = { nodes: q.nodes };
  const [intervals, counters, nodeCounters, freshness, historyCounters, historyIntervals, energy, nodeEnergy] = await Promise.all([
    reader.nodeIntervals(q.window), reader.counters(steps, filter), reader.nodeCounters(steps, filter), reader.freshness(),
    q.prefillRate && q.decodeRate ? Promise.resolve([]) : reader.counters(history, filter),
    q.prefillRate && q.decodeRate ? Promise.resolve([]) : reader.nodeIntervals(history.window),
    reader.energy(steps, filter), reader.nodeEnergy(energySteps, filter),
  ]);
  const rates = referenceRates(historyCounters, onlyNodes(historyIntervals, q.nodes), history, q);
  return buildNodes(
    { intervals, counters, nodeCounters, freshness, rates, asOf: Math.min(now, q.window.end), dataThrough: q.dataThrough, energy, nodeEnergy, days, energySteps, electricityRates },
    q, steps,
  );
}

