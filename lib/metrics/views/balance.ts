import type { Role } from '@/lib/ingest/records';
import type { BalanceStep, GpuAttentionStep, GpuStep, MetricsReader, Objective } from '@/lib/metrics/rows';
import { gpuSteps, stepCount, type Steps } from '@/lib/metrics/steps';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import type { Chart, Table, View, ViewQuery } from './types';

/** The balancer objectives of each role (DESIGN.md); expert-parallel dispatch receive in both. */
export const ROLE_OBJECTIVES: Record<'prefill' | 'decode', Objective[]> = { prefill: ['input', 'attention', 'recv'], decode: ['kv', 'running', 'recv'] };
export const OBJECTIVE_LABEL: Record<Objective, string> = {
  input: 'Input tokens/s', attention: 'Core-attention load', kv: 'KV-cache tokens', running: 'Running requests', recv: 'Dispatch-receive tokens/s',
};
export const MAX_HEATMAP_ROWS = 64;
const STRAGGLERS = 10;

export interface BalanceData {
  balance: BalanceStep[];
  gpus: GpuStep[];
  attention: GpuAttentionStep[];
  gpuSteps: Steps;
}

/** A GPU's value of an objective over one step (per-second rates and time-weighted gauges). */
export function objectiveValue(objective: Objective, g: GpuStep): number | null {
  if (g.gpuSeconds <= 0) return null;
  switch (objective) {
    case 'input': return g.inputTokens / g.gpuSeconds;
    case 'kv': return g.kvCacheTokensS / g.gpuSeconds;
    case 'running': return g.runningRequestsS / g.gpuSeconds;
    case 'recv': return g.dispatchRecvTokens / g.gpuSeconds;
    default: return null;
  }
}

interface GpuRow {
  label: string;
  node: string;
  gpu: number;
  values: (number | null)[];
  ratios: (number | null)[];
  meanRatio: number;
  peakRatio: number;
  meanValue: number;
}

/** Each GPU's value per step against the mean over the GPUs reporting in that step. */
export function gpuRatios(cells: { node: string; gpu: number; step: number; value: number | null }[], steps: number): GpuRow[] {
  const mean = new Array<number>(steps).fill(0);
  const n = new Array<number>(steps).fill(0);
  const rows = new Map<string, GpuRow>();
  for (const c of cells) {
    const key = `${c.node}/${c.gpu}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { label: key, node: c.node, gpu: c.gpu, values: new Array(steps).fill(null), ratios: new Array(steps).fill(null), meanRatio: 0, peakRatio: 0, meanValue: 0 }));
    row.values[c.step] = c.value;
    if (c.value !== null) [mean[c.step], n[c.step]] = [mean[c.step] + c.value, n[c.step] + 1];
  }
  for (let s = 0; s < steps; s++) mean[s] = n[s] ? mean[s] / n[s] : 0;
  for (const row of rows.values()) {
    const seen: number[] = [];
    row.values.forEach((v, s) => {
      const r = v === null ? null : ratio(v, mean[s]);
      row.ratios[s] = r;
      if (r !== null) seen.push(r);
    });
    const values = row.values.filter((v): v is number => v !== null);
    row.meanRatio = seen.length ? sumOf(seen, (r) => r) / seen.length : 0;
    row.peakRatio = seen.length ? Math.max(...seen) : 0;
    row.meanValue = values.length ? sumOf(values, (v) => v) / values.length : 0;
  }
  return [...rows.values()].sort((a, b) => b.meanRatio - a.meanRatio || a.label.localeCompare(b.label));
}

function stragglerTable(rows: GpuRow[], objective: Objective): Table {
  return {
    id: 'stragglers',
    title: `Straggler GPUs: ${OBJECTIVE_LABEL[objective]} against the mean GPU`,
    columns: [
      { key: 'node', label: 'Node' }, { key: 'gpu', label: 'GPU' }, { key: 'meanValue', label: OBJECTIVE_LABEL[objective] },
      { key: 'meanRatio', label: '× mean (average)' }, { key: 'peakRatio', label: '× mean (peak step)' },
    ],
    rows: rows.slice(0, STRAGGLERS).map((r) => ({ node: r.node, gpu: r.gpu, meanValue: r.meanValue, meanRatio: r.meanRatio, peakRatio: r.peakRatio })),
  };
}

/**
 * Load imbalance of a role over an interval = max over GPUs ÷ mean over GPUs (1.0 is perfect);
 * over a step, the mean of its intervals' ratios. Per objective over time, a GPU × time heatmap
 * of each GPU against the mean, and the straggler GPUs.
 */
export function buildBalance(data: BalanceData, q: ViewQuery, steps: Steps): View {
  const role = (q.role === 'decode' ? 'decode' : 'prefill') satisfies Role;
  const objectives = ROLE_OBJECTIVES[role];
  const objective = q.objective && objectives.includes(q.objective) ? q.objective : objectives[0];
  const figures: View['figures'] = {};
  for (const r of ['prefill', 'decode'] as const) {
    for (const o of ROLE_OBJECTIVES[r]) {
      const rows = data.balance.filter((b) => b.role === r && b.objective === o);
      figures[`imbalance.${r}.${o}`] = figure(ratio(sumOf(rows, (b) => b.ratioSum), sumOf(rows, (b) => b.intervals)), o === 'attention' ? 'requests' : 'counters', null);
    }
  }
  const mine = byStep(data.balance.filter((b) => b.role === role), steps);
  const gsteps = stepCount(data.gpuSteps);
  const cells = objective === 'attention'
    ? data.attention.map((a) => ({ node: a.node, gpu: a.gpu, step: a.step, value: a.attention }))
    : data.gpus.map((g) => ({ node: g.node, gpu: g.gpu, step: g.step, value: objectiveValue(objective, g) }));
  const rows = gpuRatios(cells, gsteps);
  const shown = rows.slice(0, MAX_HEATMAP_ROWS);
  const charts: Chart[] = [
    {
      id: 'imbalance', title: `Load imbalance (max ÷ mean over ${role} GPUs)`, unit: '× mean', x: 'time', kind: 'line',
      series: objectives.map((o) => stepSeries(steps, o, OBJECTIVE_LABEL[o], (i) => {
        const of = mine[i].filter((b) => b.objective === o);
        return ratio(sumOf(of, (b) => b.ratioSum), sumOf(of, (b) => b.intervals));
      })),
    },
    {
      id: 'heatmap', title: `${OBJECTIVE_LABEL[objective]} per ${role} GPU against the mean GPU`, unit: '× mean', x: 'time', kind: 'heatmap', series: [],
      heatmap: { rows: shown.map((r) => r.label), columns: data.gpuSteps.edges.slice(0, gsteps), values: shown.map((r) => r.ratios) },
    },
  ];
  const notes = rows.length > MAX_HEATMAP_ROWS ? [`The heatmap shows the ${MAX_HEATMAP_ROWS} GPUs furthest above the mean of ${rows.length}; narrow it with node=.`] : [];
  if (objective === 'attention') notes.push('Attention load comes from sampled requests that name their prefill GPU (weighted), per 10 minutes.');
  return { ...viewFrame('balance', q), filters: { ...viewFrame('balance', q).filters, role }, figures, charts, tables: [stragglerTable(rows, objective)], notes };
}

export async function balanceView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const gsteps = gpuSteps(steps);
  const role = q.role === 'decode' ? 'decode' : 'prefill';
  const filter = { nodes: q.nodes };
  const wantsAttention = role === 'prefill' && q.objective === 'attention';
  const [balance, attentionBalance, gpus, attention] = await Promise.all([
    reader.balance(steps), reader.attentionBalance(steps), reader.gpuLoads(gsteps, role, filter),
    wantsAttention ? reader.gpuAttention(gsteps, filter) : Promise.resolve([]),
  ]);
  return buildBalance({ balance: [...balance, ...attentionBalance], gpus, attention, gpuSteps: gsteps }, q, steps);
}
