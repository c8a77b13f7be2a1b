import { MIN_SAMPLED_PER_GPU, type BalanceStep, type GpuRankRow, type MetricsReader, type Objective } from '@/lib/metrics/rows';
import { gpuSteps, stepCount, type Steps } from '@/lib/metrics/steps';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import type { Chart, Table, View, ViewQuery } from './types';

/** The balancer objectives of each role (docs/design.md "Load imbalance"); expert-parallel dispatch receive in both. */
export const ROLE_OBJECTIVES: Record<'prefill' | 'decode', Objective[]> = { prefill: ['input', 'attention', 'recv'], decode: ['kv', 'running', 'recv'] };
export const OBJECTIVE_LABEL: Record<Objective, string> = {
  input: 'Input tokens/s', attention: 'Core-attention load', kv: 'KV-cache tokens', running: 'Running requests', recv: 'Dispatch-receive tokens/s',
};
export const MAX_HEATMAP_ROWS = 64;

/** The objective of the heatmap and the stragglers: the one asked for, if the role has it, else the role's first. */
const heatmapObjective = (role: 'prefill' | 'decode', q: ViewQuery): Objective =>
  q.objective && ROLE_OBJECTIVES[role].includes(q.objective) ? q.objective : ROLE_OBJECTIVES[role][0];
const STRAGGLERS = 10;

export interface BalanceData {
  balance: BalanceStep[];
  /** The GPUs furthest above the mean GPU for the heatmap's objective (getGpuRanks), with their per-step ratios. */
  ranks: GpuRankRow[];
  gpuSteps: Steps;
}

interface GpuRow {
  label: string;
  node: string;
  gpu: number;
  ratios: (number | null)[];
  meanRatio: number | null;
  peakRatio: number | null;
  meanValue: number;
}

/** The ranked rows per GPU, in rank order, with a ratio per step (null where it did not report). */
export function rankedGpus(ranks: GpuRankRow[], steps: number): GpuRow[] {
  const rows = new Map<string, GpuRow>();
  for (const r of ranks) {
    const label = `${r.node}/${r.gpu}`;
    let row = rows.get(label);
    if (!row) rows.set(label, (row = { label, node: r.node, gpu: r.gpu, ratios: new Array(steps).fill(null), meanRatio: r.meanRatio, peakRatio: r.peakRatio, meanValue: r.meanValue }));
    if (r.step >= 0 && r.step < steps) row.ratios[r.step] = r.ratio;
  }
  return [...rows.values()];
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
 * An imbalance from sampled requests, with its sample size: "no data" when every interval had too
 * few sampled requests per GPU to tell the GPUs apart from the sampling.
 */
function sampledImbalance(rows: BalanceStep[]): View['figures'][string] {
  const kept = sumOf(rows, (b) => b.intervals);
  const thin = sumOf(rows, (b) => b.thin ?? 0);
  const sampled = sumOf(rows, (b) => b.sampled ?? 0);
  const size = `from ${sampled.toLocaleString('en-US')} sampled requests in ${kept + thin} ten-minute intervals`;
  if (!kept) {
    const why = thin ? `; fewer than ${MIN_SAMPLED_PER_GPU} per prefill GPU per interval, too few to tell the GPUs from sampling noise` : '';
    return { ...figure(null, 'requests', null), absent: 'no data', note: `${thin ? size : 'no sampled requests name their prefill GPU'}${why}` };
  }
  const left = thin ? `; ${thin} interval(s) with fewer than ${MIN_SAMPLED_PER_GPU} per GPU left out` : '';
  return { ...figure(ratio(sumOf(rows, (b) => b.ratioSum), kept), 'requests', null), note: `${size}${left}` };
}

/**
 * Load imbalance of a role over an interval = max over GPUs ÷ mean over GPUs (1.0 is perfect);
 * over a step, the mean of its intervals' ratios. Per objective over time, a GPU × time heatmap
 * of each GPU against the mean, and the straggler GPUs.
 */
export function buildBalance(data: BalanceData, q: ViewQuery, steps: Steps): View {
  const role = q.role === 'decode' ? 'decode' : 'prefill';
  const objectives = ROLE_OBJECTIVES[role];
  const objective = heatmapObjective(role, q);
  const figures: View['figures'] = {};
  for (const r of ['prefill', 'decode'] as const) {
    for (const o of ROLE_OBJECTIVES[r]) {
      const rows = data.balance.filter((b) => b.role === r && b.objective === o);
      figures[`imbalance.${r}.${o}`] = o === 'attention'
        ? sampledImbalance(rows)
        : figure(ratio(sumOf(rows, (b) => b.ratioSum), sumOf(rows, (b) => b.intervals)), 'counters', null);
    }
  }
  const mine = byStep(data.balance.filter((b) => b.role === role), steps);
  const gsteps = stepCount(data.gpuSteps);
  const rows = rankedGpus(data.ranks, gsteps);
  const ranked = data.ranks[0]?.gpus ?? 0;
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
  const notes = ranked > MAX_HEATMAP_ROWS ? [`The heatmap shows the ${MAX_HEATMAP_ROWS} GPUs furthest above the mean of ${ranked}; narrow it with node=.`] : [];
  if (objective === 'attention') notes.push('Attention load comes from sampled requests that name their prefill GPU (weighted), per 10 minutes.');
  return { ...viewFrame('balance', q), filters: { ...viewFrame('balance', q).filters, role }, figures, charts, tables: [stragglerTable(rows, objective)], notes };
}

export async function balanceView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const gsteps = gpuSteps(steps);
  const role = q.role === 'decode' ? 'decode' : 'prefill';
  const filter = { nodes: q.nodes };
  const [balance, attentionBalance, ranks] = await Promise.all([
    reader.balance(steps), reader.attentionBalance(steps), reader.gpuRanks(gsteps, role, heatmapObjective(role, q), filter, MAX_HEATMAP_ROWS),
  ]);
  return buildBalance({ balance: [...balance, ...attentionBalance], ranks, gpuSteps: gsteps }, q, steps);
}
