import type { Role } from '@/lib/ingest/records';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, MetricsReader, NodeCounterStep, RequestStep } from '@/lib/metrics/rows';
import { stepSeconds, type Steps } from '@/lib/metrics/steps';
import { figure, median, ratio, stepSeries, viewFrame, viewSteps } from './common';
import { onlyNodes, tokensByStep, windowTokens } from './fleetTokens';
import { nodeSecondsByNode, nodeSecondsByStep } from './nodeTime';
import type { Chart, Table, View, ViewQuery } from './types';

export interface ThroughputData {
  counters: CounterStep[];
  requests: RequestStep[];
  nodeCounters: NodeCounterStep[];
  intervals: NodeInterval[];
}

const TOP = 5;

/** A node's rate in its role: input tokens (prefill, cache hits included) or output tokens (decode) ÷ its node-seconds in that role. */
interface NodeRate {
  node: string;
  role: 'prefill' | 'decode';
  tokens: number;
  seconds: number;
  rate: number;
}

function nodeRates(data: ThroughputData, steps: Steps, roles: Role[]): NodeRate[] {
  const seconds = nodeSecondsByNode(data.intervals, steps.window);
  const tokens = new Map<string, number>();
  for (const r of data.nodeCounters) {
    if (r.role === 'idle') continue;
    const key = `${r.node}|${r.role}`;
    tokens.set(key, (tokens.get(key) ?? 0) + (r.role === 'prefill' ? r.inputTokens : r.outputTokens));
  }
  const out: NodeRate[] = [];
  for (const [key, t] of tokens) {
    const [node, role] = key.split('|') as [string, 'prefill' | 'decode'];
    const secs = seconds.get(node)?.[role] ?? 0;
    if (secs > 0 && roles.includes(role)) out.push({ node, role, tokens: t, seconds: secs, rate: t / secs });
  }
  return out;
}

function nodeTable(rates: NodeRate[]): { table: Table; chart: Chart } {
  const medians = { prefill: median(rates.filter((r) => r.role === 'prefill').map((r) => r.rate)), decode: median(rates.filter((r) => r.role === 'decode').map((r) => r.rate)) };
  const rows = rates
    .map((r) => ({ ...r, vsMedian: ratio(r.rate, medians[r.role] ?? 0) }))
    .sort((a, b) => a.role.localeCompare(b.role) || (b.vsMedian ?? 0) - (a.vsMedian ?? 0));
  const picked = (['prefill', 'decode'] as const).flatMap((role) => {
    const of = rows.filter((r) => r.role === role);
    return of.length <= 2 * TOP ? of : [...of.slice(0, TOP), ...of.slice(-TOP)];
  });
  return {
    table: {
      id: 'node-rates',
      title: 'Per-node rate against the fleet median',
      columns: [
        { key: 'node', label: 'Node' }, { key: 'role', label: 'Role' }, { key: 'rate', label: 'Tokens/s per node' },
        { key: 'median', label: 'Fleet median' }, { key: 'vsMedian', label: '× median' }, { key: 'nodeHours', label: 'Node-hours' },
      ],
      rows: rows.map((r) => ({ node: r.node, role: r.role, rate: r.rate, median: medians[r.role], vsMedian: r.vsMedian, nodeHours: r.seconds / 3600 })),
    },
    chart: {
      id: 'top-bottom-nodes',
      title: `Top and bottom ${TOP} nodes per role (× fleet median)`,
      unit: '× median',
      x: 'category',
      kind: 'bar',
      series: [{ key: 'vsMedian', label: '× fleet median', points: picked.map((r) => ({ x: `${r.node} (${r.role})`, y: r.vsMedian })) }],
    },
  };
}

/** Tokens/s by role over time, per-node rates over time, and each node against the fleet median. */
export function buildThroughput(data: ThroughputData, q: ViewQuery, steps: Steps): View {
  const intervals = onlyNodes(data.intervals, q.nodes);
  const tokens = windowTokens(data.counters, data.requests, intervals, steps, q.model, q.dataThrough);
  const perStep = tokensByStep(tokens.source, data.counters, data.requests, steps);
  const roleSeconds = nodeSecondsByStep(intervals, steps);
  const total = { prefill: roleSeconds.prefill.reduce((a, b) => a + b, 0), decode: roleSeconds.decode.reduce((a, b) => a + b, 0) };
  const f = (value: number | null) => figure(value, tokens.source, tokens.coverage);
  const roles: Role[] = q.role ? [q.role] : ['prefill', 'decode'];
  const nodes = nodeTable(nodeRates({ ...data, intervals }, steps, roles));
  const perSecond = (i: number, v: number) => v / stepSeconds(steps, i);
  const charts: Chart[] = [
    {
      id: 'tokens-per-second', title: 'Tokens/s by role', unit: 'tokens/s', x: 'time', kind: 'line',
      series: [
        ...(roles.includes('prefill') ? [
          stepSeries(steps, 'input', 'Input (prefill)', (i) => perSecond(i, perStep[i].input)),
          stepSeries(steps, 'cached', 'Cached input', (i) => perSecond(i, perStep[i].cached)),
        ] : []),
        ...(roles.includes('decode') ? [stepSeries(steps, 'output', 'Output (decode)', (i) => perSecond(i, perStep[i].output))] : []),
      ],
    },
    {
      id: 'per-node-rate', title: 'Tokens/s per node in service', unit: 'tokens/s per node', x: 'time', kind: 'line',
      series: [
        ...(roles.includes('prefill') ? [stepSeries(steps, 'prefill', 'Prefill: input per node', (i) => ratio(perStep[i].input, roleSeconds.prefill[i]))] : []),
        ...(roles.includes('decode') ? [stepSeries(steps, 'decode', 'Decode: output per node', (i) => ratio(perStep[i].output, roleSeconds.decode[i]))] : []),
      ],
    },
    nodes.chart,
  ];
  return {
    ...viewFrame('throughput', q),
    figures: {
      'tokens.input': f(tokens.inputTokens),
      'tokens.cached': f(tokens.cachedTokens),
      'tokens.output': f(tokens.outputTokens),
      'throughput.prefillPerNode': f(ratio(tokens.inputTokens, total.prefill)),
      'throughput.decodePerNode': f(ratio(tokens.outputTokens, total.decode)),
    },
    charts,
    tables: [nodes.table],
    notes: tokens.source === 'requests' ? ['GPU counters do not cover every serving node across the window: totals come from weighted requests.'] : [],
  };
}

export async function throughputView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const filter = { nodes: q.nodes, model: q.model };
  const [counters, requests, nodeCounters, intervals] = await Promise.all([
    reader.counters(steps, filter), reader.requests(steps, filter), reader.nodeCounters(steps, filter), reader.nodeIntervals(q.window),
  ]);
  return buildThroughput({ counters, requests, nodeCounters, intervals }, q, steps);
}
