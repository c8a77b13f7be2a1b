import { ROLES, type NodeState, type Role } from '@/lib/ingest/records';
import { Decimal, ZERO, usd, type Amount } from '@/lib/finance/money';
import { assertEffectiveDates, edgesWithin, inForceAt, type EffectiveDated } from '@/lib/finance/effective';
import { HOUR_MS, hourIndex, hourlySteps, type TimeWindow } from '@/lib/time/window';

/** A GPU rate card entry: the price of one GPU-hour of `gpuType` while it is in force. */
export interface GpuRate extends EffectiveDated {
  gpuType: string;
  usdPerGpuHour: Amount;
}

/** A node in one state over [start, end) (from node events; see docs/design.md "Node-hours and occupancy"). */
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

/**
 * GPU-milliseconds at one rate, summed exactly: whole milliseconds as a number while the sum
 * stays a safe integer, anything else as a Decimal. Cost is linear in time, so one
 * multiplication by the rate per sum gives the exact Σ GPU-ms × rate that pricing every cut
 * on its own gives — without a Decimal parse, product and sum per cut.
 */
interface GpuMsSum {
  whole: number;
  rest: Decimal;
}

function addGpuMs(sum: GpuMsSum, gpuMs: number): void {
  if (Number.isInteger(gpuMs) && Number.isSafeInteger(sum.whole + gpuMs)) sum.whole += gpuMs;
  else sum.rest = sum.rest.plus(gpuMs);
}

/** Cost numerators: GPU-milliseconds per rate in force (exact, priced once per figure); hours as numbers. */
interface Accumulator {
  gpuMsAtRate: Record<Role, Map<GpuRate, GpuMsSum>>;
  gpuMs: Record<Role, number>;
  unpricedGpuMs: number;
}

const perRole = <T>(value: () => T): Record<Role, T> => ({ prefill: value(), decode: value(), idle: value() });
const emptyAccumulator = (): Accumulator => ({ gpuMsAtRate: perRole(() => new Map()), gpuMs: perRole(() => 0), unpricedGpuMs: 0 });

function addPriced(acc: Accumulator, state: Role, rate: GpuRate, gpuMs: number): void {
  let sum = acc.gpuMsAtRate[state].get(rate);
  if (!sum) acc.gpuMsAtRate[state].set(rate, (sum = { whole: 0, rest: ZERO }));
  addGpuMs(sum, gpuMs);
}

/** Σ GPU-ms × USD per GPU-hour of one state, exact. */
function gpuMsRate(sums: Map<GpuRate, GpuMsSum>): Decimal {
  let total = ZERO;
  for (const [rate, sum] of sums) total = total.plus(sum.rest.plus(sum.whole).times(rate.usdPerGpuHour));
  return total;
}

function toServingCost(acc: Accumulator): ServingCost {
  const costByState = perRole(() => ZERO);
  const gpuHoursByState = perRole(() => 0);
  let gpuMsRateTotal = ZERO;
  for (const role of ROLES) {
    const rated = gpuMsRate(acc.gpuMsAtRate[role]);
    costByState[role] = rated.dividedBy(HOUR_MS);
    gpuHoursByState[role] = acc.gpuMs[role] / HOUR_MS;
    gpuMsRateTotal = gpuMsRateTotal.plus(rated);
  }
  return {
    cost: gpuMsRateTotal.dividedBy(HOUR_MS),
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
 * `offline` cost the service nothing. With `hourly` false only the total is kept (`hours` is
 * empty) and time is cut at rate changes alone: GPU-milliseconds are whole numbers summed
 * exactly, so the total is the same, at a cost that grows with the intervals rather than with
 * the window's hours.
 */
export function gpuCost(intervals: NodeStateInterval[], rates: GpuRate[], window: TimeWindow, hourly = true): GpuCostReport {
  validateRateCards(rates);
  const steps = hourly ? hourlySteps(window) : [];
  const perHour = steps.map(emptyAccumulator);
  const total = emptyAccumulator();
  const unpricedTypes = new Set<string | null>();
  const ratesOfType = new Map<string, GpuRate[]>();
  for (const interval of intervals) {
    assertInterval(interval);
    if (!isServing(interval.state)) continue;
    const start = Math.max(interval.start, window.start);
    const end = Math.min(interval.end, window.end);
    if (start >= end) continue;
    const typeRates = ratesFor(ratesOfType, rates, interval.gpuType);
    const cuts = intervalCuts(window, start, end, edgesWithin(typeRates, start, end), hourly);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const gpuMs = (cuts[i + 1] - cuts[i]) * interval.gpuCount;
      const rate = typeRates.length ? inForceAt(typeRates, cuts[i]) : null;
      for (const acc of hourly ? [perHour[hourIndex(window, cuts[i])], total] : [total]) {
        acc.gpuMs[interval.state] += gpuMs;
        if (rate) addPriced(acc, interval.state, rate, gpuMs);
        else acc.unpricedGpuMs += gpuMs;
      }
      if (!rate && gpuMs > 0) unpricedTypes.add(interval.gpuType);
    }
  }
  return {
    window,
    total: toServingCost(total),
    hours: steps.map((step, i) => ({ ...step, ...toServingCost(perHour[i]) })),
    unpricedGpuTypes: [...unpricedTypes],
  };
}

/** The rate card entries of a GPU type (none without a type), looked up once per type. */
function ratesFor(cache: Map<string, GpuRate[]>, rates: GpuRate[], gpuType: string | null): GpuRate[] {
  if (gpuType === null) return [];
  let found = cache.get(gpuType);
  if (!found) cache.set(gpuType, (found = rates.filter((r) => r.gpuType === gpuType)));
  return found;
}

/** [start, end) cut at the window's hour boundaries (when `hourly`) and at rate changes, in order. */
function intervalCuts(window: TimeWindow, start: number, end: number, rateEdges: number[], hourly: boolean): number[] {
  const cuts = [start];
  if (hourly) for (let t = window.start + (Math.floor((start - window.start) / HOUR_MS) + 1) * HOUR_MS; t < end; t += HOUR_MS) cuts.push(t);
  cuts.push(end);
  return rateEdges.length ? [...new Set([...cuts, ...rateEdges])].sort((a, b) => a - b) : cuts;
}
