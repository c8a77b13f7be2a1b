import { ROLES, type NodeState, type Role } from '@/lib/ingest/records';
import { Decimal, ZERO, usd, type Amount } from '@/lib/finance/money';
import { assertEffectiveDates, edgesWithin, inForceAt, type EffectiveDated } from '@/lib/finance/effective';
import { HOUR_MS, hourIndex, hourlySteps, type TimeWindow } from '@/lib/time/window';

/** A GPU rate card entry: the price of one GPU-hour of `gpuType` while it is in force. */
export interface GpuRate extends EffectiveDated {
  gpuType: string;
  usdPerGpuHour: Amount;
}

/** A node in one state over [start, end) (from node events; see DESIGN.md "Node-hours"). */
export interface NodeStateInterval {
  node: string;
  state: NodeState;
  gpuType: string | null;
  gpuCount: number;
  start: number;
  end: number;
}

/** Cost of the serving states over a span. Money exact (round when shown); hours as numbers. */
export interface ServingCost {
  cost: Decimal;
  costByState: Record<Role, Decimal>;
  /** All serving GPU-hours, priced or not. */
  gpuHours: number;
  gpuHoursByState: Record<Role, number>;
  /** GPU-hours of nodes with no GPU type or no rate in force: their cost is unknown, not $0. */
  unpricedGpuHours: number;
}

export interface GpuCostReport {
  window: TimeWindow;
  total: ServingCost;
  hours: (ServingCost & TimeWindow)[];
  /** GPU types (null: none given) that had serving time without a rate in force. */
  unpricedGpuTypes: (string | null)[];
}

export function validateRateCards(rates: GpuRate[]): void {
  for (const rate of rates) {
    if (!rate.gpuType) throw new RangeError('GPU rate: gpuType is required');
    if (usd(rate.usdPerGpuHour).isNegative()) throw new RangeError(`GPU rate ${rate.gpuType}: negative rate`);
  }
  assertEffectiveDates(rates, (rate) => rate.gpuType, 'GPU rate');
}

const isServing = (state: NodeState): state is Role => (ROLES as readonly string[]).includes(state);

/** Cost numerators are GPU-milliseconds × USD per GPU-hour, exact; one division per figure. */
interface Accumulator {
  gpuMsRate: Record<Role, Decimal>;
  gpuMs: Record<Role, number>;
  unpricedGpuMs: number;
}

const perRole = <T>(value: T): Record<Role, T> => ({ prefill: value, decode: value, idle: value });
const emptyAccumulator = (): Accumulator => ({ gpuMsRate: perRole(ZERO), gpuMs: perRole(0), unpricedGpuMs: 0 });

function toServingCost(acc: Accumulator): ServingCost {
  const costByState = perRole(ZERO);
  const gpuHoursByState = perRole(0);
  for (const role of ROLES) {
    costByState[role] = acc.gpuMsRate[role].dividedBy(HOUR_MS);
    gpuHoursByState[role] = acc.gpuMs[role] / HOUR_MS;
  }
  return {
    cost: ROLES.reduce((total, role) => total.plus(acc.gpuMsRate[role]), ZERO).dividedBy(HOUR_MS),
    costByState,
    gpuHours: ROLES.reduce((total, role) => total + acc.gpuMs[role], 0) / HOUR_MS,
    gpuHoursByState,
    unpricedGpuHours: acc.unpricedGpuMs / HOUR_MS,
  };
}

function assertInterval(interval: NodeStateInterval): void {
  if (!(interval.end >= interval.start)) {
    throw new RangeError(`node ${interval.node}: state interval ends before it starts`);
  }
  if (!Number.isInteger(interval.gpuCount) || interval.gpuCount < 0) {
    throw new RangeError(`node ${interval.node}: gpuCount must be a whole number ≥ 0`);
  }
}

/**
 * Cost of the serving node states inside `window`: Σ GPU-hours × the rate in force at that
 * time for that GPU type, split per hour of the window and per state. Time is cut at hour
 * boundaries and at rate changes, so a rate change mid-hour splits exactly. `other` and
 * `offline` cost the service nothing.
 */
export function gpuCost(intervals: NodeStateInterval[], rates: GpuRate[], window: TimeWindow): GpuCostReport {
  validateRateCards(rates);
  const steps = hourlySteps(window);
  const hourly = steps.map(emptyAccumulator);
  const total = emptyAccumulator();
  const unpricedTypes = new Set<string | null>();
  for (const interval of intervals) {
    assertInterval(interval);
    if (!isServing(interval.state)) continue;
    const start = Math.max(interval.start, window.start);
    const end = Math.min(interval.end, window.end);
    if (start >= end) continue;
    const typeRates = interval.gpuType === null ? [] : rates.filter((r) => r.gpuType === interval.gpuType);
    const hourEdges = steps.map((s) => s.start).filter((t) => t > start && t < end);
    const cuts = [...new Set([start, end, ...hourEdges, ...edgesWithin(typeRates, start, end)])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const gpuMs = (cuts[i + 1] - cuts[i]) * interval.gpuCount;
      const rate = inForceAt(typeRates, cuts[i]);
      for (const acc of [hourly[hourIndex(window, cuts[i])], total]) {
        acc.gpuMs[interval.state] += gpuMs;
        if (rate) acc.gpuMsRate[interval.state] = acc.gpuMsRate[interval.state].plus(new Decimal(gpuMs).times(rate.usdPerGpuHour));
        else acc.unpricedGpuMs += gpuMs;
      }
      if (!rate && gpuMs > 0) unpricedTypes.add(interval.gpuType);
    }
  }
  return {
    window,
    total: toServingCost(total),
    hours: steps.map((step, i) => ({ ...step, ...toServingCost(hourly[i]) })),
    unpricedGpuTypes: [...unpricedTypes],
  };
}
