import { NODE_STATES, type NodeState } from '@/lib/ingest/records';
import type { NodeStateInterval } from '@/lib/finance/rateCard';
import { stepCount, type Steps } from '@/lib/metrics/steps';
import type { TimeWindow } from '@/lib/time/window';

export type PerState<T> = Record<NodeState, T>;
export const perState = <T>(make: () => T): PerState<T> => Object.fromEntries(NODE_STATES.map((s) => [s, make()])) as PerState<T>;

/** The first step whose end is after t (binary search over the edges). */
function stepAt(steps: Steps, t: number): number {
  let lo = 0;
  let hi = stepCount(steps) - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps.edges[mid + 1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Node-seconds(state) per step: Σ over nodes of the time inside each step spent in that state. */
export function nodeSecondsByStep(intervals: NodeStateInterval[], steps: Steps): PerState<number[]> {
  const out = perState(() => new Array<number>(stepCount(steps)).fill(0));
  const [start, end] = [steps.edges[0], steps.edges[steps.edges.length - 1]];
  for (const i of intervals) {
    const from = Math.max(i.start, start);
    const to = Math.min(i.end, end);
    if (to <= from) continue;
    for (let s = stepAt(steps, from); s < stepCount(steps) && steps.edges[s] < to; s++) {
      out[i.state][s] += (Math.min(to, steps.edges[s + 1]) - Math.max(from, steps.edges[s])) / 1000;
    }
  }
  return out;
}

/** Node-seconds(state) per node inside the window. */
export function nodeSecondsByNode(intervals: NodeStateInterval[], window: TimeWindow): Map<string, PerState<number>> {
  const out = new Map<string, PerState<number>>();
  for (const i of intervals) {
    const secs = (Math.min(i.end, window.end) - Math.max(i.start, window.start)) / 1000;
    if (secs <= 0) continue;
    const node = out.get(i.node) ?? perState(() => 0);
    node[i.state] += secs;
    out.set(i.node, node);
  }
  return out;
}

/** From `at` until the next point, `nodes` distinct nodes are in the state. */
export interface CountPoint {
  at: number;
  nodes: number;
}

/** The number of distinct nodes in each state over time (a sweep over interval edges, as DeepSeek's step chart). */
export function stateCurves(intervals: NodeStateInterval[], window: TimeWindow): PerState<CountPoint[]> {
  const edges: { at: number; node: string; state: NodeState; delta: number }[] = [];
  for (const i of intervals) {
    const from = Math.max(i.start, window.start);
    const to = Math.min(i.end, window.end);
    if (to > from) edges.push({ at: from, node: i.node, state: i.state, delta: 1 }, { at: to, node: i.node, state: i.state, delta: -1 });
  }
  edges.sort((a, b) => a.at - b.at);
  const active = perState(() => new Map<string, number>());
  const counts = perState(() => 0);
  const curves = perState<CountPoint[]>(() => [{ at: window.start, nodes: 0 }]);
  for (let k = 0; k < edges.length; ) {
    const at = edges[k].at;
    for (; k < edges.length && edges[k].at === at; k++) {
      const e = edges[k];
      const before = active[e.state].get(e.node) ?? 0;
      active[e.state].set(e.node, before + e.delta);
      if (before === 0 && e.delta > 0) counts[e.state] += 1;
      if (before + e.delta === 0 && before > 0) counts[e.state] -= 1;
    }
    if (at >= window.end) break;
    for (const state of NODE_STATES) {
      const curve = curves[state];
      const last = curve[curve.length - 1];
      if (last.at === at) last.nodes = counts[state];
      else if (last.nodes !== counts[state]) curve.push({ at, nodes: counts[state] });
    }
  }
  return curves;
}
