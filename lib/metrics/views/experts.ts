import type { Phase } from '@/lib/ingest/records';
import { balancerMismatch } from '@/lib/metrics/balancerFit';
import type { BalancerSetting } from '@/lib/metrics/balancerSettings';
import { balancedness, rebalanceExperts } from '@/lib/metrics/eplb';
import type { ExpertGpuTotal, ExpertLayer, ExpertTotal, MetricsReader } from '@/lib/metrics/rows';
import { hourWindow } from '@/lib/metrics/steps';
import { figure, ratio, sumOf, viewFrame } from './common';
import type { Chart, Table, View, ViewQuery } from './types';

export interface ExpertsData {
  layers: ExpertLayer[];
  phase: Phase;
  layer: number | null;
  experts: ExpertTotal[];
  gpus: ExpertGpuTotal[];
  setting: BalancerSetting;
}

const HOT = 10;

/**
 * The logical (routed) experts EPLB places: ids 0 … N−1 with N the largest multiple of the
 * groups not above the ids seen; higher ids (DeepSeek's shared expert 256) run data-parallel on
 * every GPU and are not placed.
 */
export function routedExpertCount(experts: ExpertTotal[], groups: number): number {
  const ids = experts.length ? Math.max(...experts.map((e) => e.expert)) + 1 : 0;
  return Math.floor(ids / groups) * groups;
}

/** Balancedness = mean ÷ max GPU load (1 is perfect). */
export const meanOverMax = (loads: number[]) => {
  const max = Math.max(0, ...loads);
  return max > 0 ? sumOf(loads, (l) => l) / loads.length / max : null;
};

interface Placement {
  phy2log: number[];
  logcnt: number[];
  gpuLoads: number[];
  balancedness: number;
}

/** EPLB (lib/metrics/eplb) on the observed per-expert loads with the role's unit; an error text, naming the setting to change, when the unit does not fit. */
export function placeExperts(weight: number[], s: BalancerSetting, phase: Phase): Placement | string {
  const physical = weight.length + s.redundant;
  if (!weight.length) return 'no expert loads in the window';
  const mismatch = balancerMismatch(phase, weight.length, s);
  if (mismatch) return mismatch;
  const placement = rebalanceExperts([weight], physical, s.groups, s.nodes, s.gpus);
  const [phy2log] = placement.phy2log;
  const [logcnt] = placement.logcnt;
  const perGpu = physical / s.gpus;
  const gpuLoads = new Array<number>(s.gpus).fill(0);
  phy2log.forEach((log, slot) => (gpuLoads[Math.floor(slot / perGpu)] += weight[log] / logcnt[log]));
  return { phy2log, logcnt, gpuLoads, balancedness: balancedness([weight], [phy2log], s.gpus)[0] };
}

function placementTable(p: Placement, s: BalancerSetting): Table {
  const perGpu = p.phy2log.length / s.gpus;
  const gpusPerNode = s.gpus / s.nodes;
  return {
    id: 'placement',
    title: 'EPLB placement: logical experts per GPU (* a replica of an expert placed more than once)',
    columns: [{ key: 'node', label: 'Node' }, { key: 'gpu', label: 'GPU' }, { key: 'experts', label: 'Experts' }, { key: 'load', label: 'Load' }],
    rows: p.gpuLoads.map((load, g) => ({
      node: Math.floor(g / gpusPerNode),
      gpu: g,
      experts: p.phy2log.slice(g * perGpu, (g + 1) * perGpu).map((e) => (p.logcnt[e] > 1 ? `${e}*` : String(e))).join(' '),
      load,
    })),
  };
}

/**
 * Tokens per expert of a layer, hot experts, per-GPU receive load, and what DeepSeek's EPLB
 * reaches on the observed loads: its placement and balancedness (mean ÷ max GPU load) against
 * the observed one.
 */
export function buildExperts(data: ExpertsData, q: ViewQuery): View {
  const { setting: s } = data;
  const routed = routedExpertCount(data.experts, s.groups);
  const weight = new Array<number>(routed).fill(0);
  for (const e of data.experts) if (e.expert < routed) weight[e.expert] = e.tokens;
  const total = sumOf(weight, (w) => w);
  const placed = placeExperts(weight, s, data.phase);
  const eplb = typeof placed === 'string' ? null : placed;
  const hot = weight.map((tokens, expert) => ({ expert, tokens })).sort((a, b) => b.tokens - a.tokens || a.expert - b.expert).slice(0, HOT);
  const f = (value: number | null) => figure(value, 'gpu_samples', null);
  const charts: Chart[] = [
    {
      id: 'expert-load', title: `Tokens per expert, ${data.phase} layer ${data.layer ?? '—'}`, unit: 'tokens', x: 'category', kind: 'bar',
      series: [{ key: 'tokens', label: 'Tokens', points: data.experts.map((e) => ({ x: String(e.expert), y: e.tokens })) }],
    },
    {
      id: 'gpu-load', title: `Per-GPU receive load of the layer (observed, ${data.phase} GPUs)`, unit: 'tokens', x: 'category', kind: 'bar',
      series: [{ key: 'tokens', label: 'Tokens', points: data.gpus.map((g) => ({ x: `${g.node}/${g.gpu}`, y: g.tokens })) }],
    },
    {
      id: 'eplb-gpu-load', title: `Per-GPU load under the EPLB placement (${s.gpus} GPUs, ${s.redundant} redundant slots)`, unit: 'tokens', x: 'category', kind: 'bar',
      series: [{ key: 'load', label: 'Load', points: (eplb?.gpuLoads ?? []).map((load, g) => ({ x: String(g), y: load })) }],
    },
  ];
  const tables: Table[] = [
    {
      id: 'hot-experts', title: `Hot experts (top ${HOT})`,
      columns: [{ key: 'expert', label: 'Expert' }, { key: 'tokens', label: 'Tokens' }, { key: 'share', label: 'Share of layer' }, { key: 'replicas', label: 'EPLB replicas' }],
      rows: hot.map((h) => ({ expert: h.expert, tokens: h.tokens, share: ratio(h.tokens, total), replicas: eplb ? eplb.logcnt[h.expert] : null })),
    },
    {
      id: 'layers', title: 'MoE layers with expert loads',
      columns: [{ key: 'phase', label: 'Phase' }, { key: 'layer', label: 'Layer' }],
      rows: data.layers.map((l) => ({ ...l })),
    },
    ...(eplb ? [placementTable(eplb, s)] : []),
  ];
  return {
    ...viewFrame('experts', q),
    filters: { ...viewFrame('experts', q).filters, role: data.phase },
    figures: {
      'experts.layer': f(data.layer),
      'experts.tokens': f(total),
      'experts.hotShare': f(hot.length ? ratio(hot[0].tokens, total) : null),
      'experts.balancedness.observed': f(meanOverMax(data.gpus.map((g) => g.tokens))),
      'experts.balancedness.eplb': f(eplb?.balancedness ?? null),
      'experts.redundant': f(s.redundant),
    },
    charts,
    tables,
    notes: [
      ...(typeof placed === 'string' ? [`EPLB cannot place ${data.phase} layer ${data.layer ?? '—'} — ${placed}.`] : []),
      'Observed per-GPU loads cover every GPU of the phase in the fleet (all units) and include data-parallel shared-expert tokens where reported; EPLB places one unit.',
    ],
  };
}

export async function expertsView(reader: MetricsReader, q: ViewQuery, settings: Record<Phase, BalancerSetting>): Promise<View> {
  const window = hourWindow(q.window);
  const layers = await reader.expertLayers(window);
  const phase: Phase = q.phase ?? (q.role === 'prefill' || q.role === 'decode' ? q.role : layers[0]?.phase ?? 'decode');
  const ofPhase = layers.filter((l) => l.phase === phase);
  const layer = q.layer ?? ofPhase[0]?.layer ?? null;
  const [experts, gpus] = layer === null ? [[], []] : await Promise.all([reader.experts(window, phase, layer), reader.expertGpus(window, phase, layer)]);
  return buildExperts({ layers, phase, layer, experts, gpus, setting: settings[phase] }, q);
}
