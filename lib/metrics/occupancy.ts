import { NODE_STATES, ROLES, type NodeState, type Role } from '@/lib/ingest/records';
import type { NodeStateInterval } from '@/lib/finance/rateCard';
import { HOUR_MS, type TimeWindow } from '@/lib/time/window';

const SERVING: readonly NodeState[] = ROLES;
export const isServingState = (state: NodeState): state is Role => SERVING.includes(state);

export interface NodeOccupancy {
  /** Node-hours(state) = Σ over nodes of the time inside the window spent in that state. */
  nodeHoursByState: Record<NodeState, number>;
  /** Serving node-hours (prefill + decode + idle). */
  nodeHours: number;
  /** GPU-hours = Σ node-hours × the node's gpu_count, serving states only (what costs money). */
  gpuHours: number;
  gpuHoursByState: Record<NodeState, number>;
  /** Average occupancy = serving node-hours ÷ window hours. */
  avgNodes: number;
  /** Peak = most nodes in a serving state at once. */
  peakNodes: number;
}

const perState = (): Record<NodeState, number> => Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>;

function clip(interval: NodeStateInterval, window: TimeWindow): [number, number] | null {
  const start = Math.max(interval.start, window.start);
  const end = Math.min(interval.end, window.end);
  return end > start ? [start, end] : null;
}

/** Node-hours, GPU-hours and average occupancy of the intervals inside `window` (no peak: no sweep). */
export function occupancyHours(intervals: NodeStateInterval[], window: TimeWindow): Omit<NodeOccupancy, 'peakNodes'> {
  const nodeHoursByState = perState();
  const gpuHoursByState = perState();
  for (const interval of intervals) {
    const span = clip(interval, window);
    if (!span) continue;
    const hours = (span[1] - span[0]) / HOUR_MS;
    nodeHoursByState[interval.state] += hours;
    gpuHoursByState[interval.state] += hours * interval.gpuCount;
  }
  const nodeHours = ROLES.reduce((total, role) => total + nodeHoursByState[role], 0);
  return {
    nodeHoursByState,
    nodeHours,
    gpuHours: ROLES.reduce((total, role) => total + gpuHoursByState[role], 0),
    gpuHoursByState,
    avgNodes: nodeHours / ((window.end - window.start) / HOUR_MS),
  };
}

/** Node-hours, GPU-hours, average and peak occupancy of the intervals inside `window`. */
export function nodeOccupancy(intervals: NodeStateInterval[], window: TimeWindow): NodeOccupancy {
  return {
    ...occupancyHours(intervals, window),
    peakNodes: Math.max(0, ...servingNodeCurve(intervals, window).map((step) => step.nodes)),
  };
}

/** From `at` until the next step, `nodes` distinct nodes are in a serving state. */
export interface NodeCountStep {
  at: number;
  nodes: number;
}

/**
 * The number of distinct nodes in service over time (a sweep over interval edges). A node
 * that changes role at an instant stays counted once; a node counted in two overlapping
 * intervals (sample-derived roles in one minute) counts once.
 */
export function servingNodeCurve(intervals: NodeStateInterval[], window: TimeWindow): NodeCountStep[] {
  const edges: { at: number; node: string; delta: number }[] = [];
  for (const interval of intervals) {
    const span = isServingState(interval.state) ? clip(interval, window) : null;
    if (!span) continue;
    edges.push({ at: span[0], node: interval.node, delta: 1 }, { at: span[1], node: interval.node, delta: -1 });
  }
  edges.sort((a, b) => a.at - b.at);
  const active = new Map<string, number>();
  const steps: NodeCountStep[] = [{ at: window.start, nodes: 0 }];
  let nodes = 0;
  for (let i = 0; i < edges.length; ) {
    const at = edges[i].at;
    for (; i < edges.length && edges[i].at === at; i++) {
      const before = active.get(edges[i].node) ?? 0;
      const after = before + edges[i].delta;
      active.set(edges[i].node, after);
      if (before === 0 && after > 0) nodes += 1;
      if (before > 0 && after === 0) nodes -= 1;
    }
    if (at >= window.end) break;
    const last = steps[steps.length - 1];
    if (last.at === at) last.nodes = nodes;
    else if (last.nodes !== nodes) steps.push({ at, nodes });
  }
  return steps;
}

/** Serving node-seconds per role: the denominators of per-node throughput. */
export function servingNodeSeconds(occupancy: NodeOccupancy): Record<Role, number> {
  const seconds = (role: Role) => occupancy.nodeHoursByState[role] * 3600;
  return { prefill: seconds('prefill'), decode: seconds('decode'), idle: seconds('idle') };
}

/**
 * The serving GPU-seconds counter completeness is judged against. In a live window
 * (`dataThrough`: the start of the newest minute of data) nodes serve up to now while counters
 * arrive a scrape and a settle time behind, so the window is judged up to there; when the data
 * began within that newest minute there is nothing before it to judge, and the counters that
 * reported (`tokenSeconds`) are all there is.
 */
export function judgedServingGpuSeconds(intervals: NodeStateInterval[], window: TimeWindow, dataThrough: number | undefined, tokenSeconds: number): number {
  if (dataThrough === undefined || dataThrough <= window.start || dataThrough >= window.end) return occupancyHours(intervals, window).gpuHours * 3600;
  const judged = occupancyHours(intervals, { ...window, end: dataThrough }).gpuHours * 3600;
  return judged === 0 && tokenSeconds > 0 ? tokenSeconds : judged;
}
