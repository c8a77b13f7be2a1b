import type { CanonicalRecord } from '@/lib/ingest/records';
import type { TimeWindow } from '@/lib/time/window';
import { phaseExperts } from './experts';
import { fleetLayout, nodeEventsAt, stepAt, type FleetLayout } from './fleet';
import { planTicks, sampledRequests } from './plan';
import { TICK_MS, TICK_S, type FleetProfile, type FleetStep } from './profile';
import { requestModel } from './requestModel';
import { requestsInTick } from './requests';
import { RoleSampler, type RoleInterval } from './samples';
import { LowDiscrepancySequence } from './sequence';

export interface SimulateOptions {
  seed: number;
  /** Sampling rate of request records, in (0, 1]; each carries sample_weight = 1 ÷ scale. Counters are always complete. */
  scale: number;
  /** Part of the profile's window to write (whole sample intervals); default the whole window. */
  window?: TimeWindow;
  /**
   * Seconds each gpu_sample covers (default 10, one tick): counters carry the whole interval's
   * counts, so day totals do not depend on it; only the row count does.
   */
  sampleIntervalS?: number;
  /**
   * End the written window with an `offline` event per node: the data stops there, so the
   * nodes must not count as in service (and cost money) on the days after it.
   */
  offlineAtEnd?: boolean;
}

function checkSampleInterval(profile: FleetProfile, window: TimeWindow, intervalS: number): void {
  const ms = intervalS * 1000;
  if (!(Number.isInteger(intervalS) && intervalS > 0 && intervalS % TICK_S === 0)) throw new RangeError(`the sample interval must be a whole multiple of ${TICK_S} s, got ${intervalS}`);
  // An interval must not straddle a fleet step (its GPUs serve one role throughout) nor an expert_load interval.
  if (window.start % ms || window.end % ms) throw new RangeError(`the window must start and end on a ${intervalS}-second sample boundary`);
  if (profile.steps.some((s) => s.at % ms)) throw new RangeError(`${profile.name}'s node-count steps do not fall on ${intervalS}-second boundaries`);
  if (profile.expertLayers.length && (profile.expertIntervalS * 1000) % ms) throw new RangeError(`the sample interval must divide the ${profile.expertIntervalS}-second expert_load interval (or write no expert layers)`);
}

function checkOptions(profile: FleetProfile, options: SimulateOptions): TimeWindow {
  if (!(options.scale > 0 && options.scale <= 1)) throw new RangeError(`scale must be in (0, 1], got ${options.scale}`);
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const w = options.window ?? profile.window;
  const inside = w.start >= profile.window.start && w.end <= profile.window.end && w.start < w.end;
  if (!inside) throw new RangeError(`the window must lie inside ${profile.name}'s ${new Date(profile.window.start).toISOString()} – ${new Date(profile.window.end).toISOString()}`);
  if ((w.start - profile.window.start) % TICK_MS || (w.end - profile.window.start) % TICK_MS) throw new RangeError('the window must start and end on a 10-second tick');
  for (const layer of profile.expertLayers) {
    if (!Number.isInteger(layer) || layer < 0 || layer >= profile.experts.moeLayers) throw new RangeError(`no MoE layer ${layer} (0–${profile.experts.moeLayers - 1})`);
  }
  checkSampleInterval(profile, w, options.sampleIntervalS ?? TICK_S);
  return w;
}

/** One role's counts summed over the ticks of the open sample interval. */
class IntervalSums {
  tokens = 0;
  cached = 0;
  requests = 0;
  loadSum = 0;
  ticks = 0;

  add(tokens: number, cached: number, requests: number, load: number): void {
    this.tokens += tokens;
    this.cached += cached;
    this.requests += requests;
    this.loadSum += load;
    this.ticks += 1;
  }

  take(ts: number, servingUnits: number): RoleInterval {
    const interval = {
      ts, intervalS: this.ticks * TICK_S, servingUnits, tokens: this.tokens, cached: this.cached, requests: this.requests, load: this.loadSum / this.ticks,
    };
    this.tokens = this.cached = this.requests = this.loadSum = this.ticks = 0;
    return interval;
  }
}

function servingNodes(layout: FleetLayout, step: FleetStep): { prefill: string[]; decode: string[] } {
  return { prefill: layout.units.prefill.slice(0, step.prefillUnits).flat(), decode: layout.units.decode.slice(0, step.decodeUnits).flat() };
}

/**
 * A profile's canonical telemetry in time order, one 10-second tick at a time (never the whole
 * window in memory): node events as states change, the tick's sampled requests, every serving
 * GPU's sample at the end of each sample interval, and every `expertIntervalS` the expert loads
 * of the sampled layers.
 * Deterministic for (profile, seed, scale); a sub-window reproduces the whole run's records there.
 */
export function* simulate(profile: FleetProfile, options: SimulateOptions): Generator<CanonicalRecord> {
  const window = checkOptions(profile, options);
  const rm = requestModel(profile);
  const plan = planTicks(profile, rm.meanInput);
  const sampled = sampledRequests(plan, options.scale);
  const layout = fleetLayout(profile);
  const samplers = (['prefill', 'decode'] as const).map(
    (phase) => new RoleSampler(profile, layout, phaseExperts(profile, phase, options.seed), rm, options.seed),
  );
  const ctx = { profile, model: rm, sequence: new LowDiscrepancySequence(4, options.seed), seed: options.seed, sampleWeight: 1 / options.scale };
  const blockMs = profile.expertIntervalS * 1000;
  const sampleMs = (options.sampleIntervalS ?? TICK_S) * 1000;
  const sums = { prefill: new IntervalSums(), decode: new IntervalSums() };
  const blockLoad = (blockStart: number) => profile.load(blockStart + blockMs / 2);
  let step: FleetStep | null = null;
  let nodes = { prefill: [] as string[], decode: [] as string[] };

  for (let tickStart = window.start; tickStart < window.end; tickStart += TICK_MS) {
    const t = (tickStart - plan.start) / TICK_MS;
    const tickEnd = tickStart + TICK_MS;
    const current = stepAt(profile, tickStart);
    if (current !== step) {
      step = current;
      nodes = servingNodes(layout, current);
    }
    yield* nodeEventsAt(profile, layout, tickStart, tickStart === window.start);

    const blockStart = tickStart - (tickStart % blockMs);
    if (tickStart === window.start || tickStart === blockStart) for (const s of samplers) s.setLoad(blockLoad(blockStart));

    yield* requestsInTick(ctx, {
      tickStart, count: sampled.counts[t], firstIndex: sampled.firstIndex[t], prefillNodes: nodes.prefill, decodeNodes: nodes.decode,
    });
    const load = profile.load(tickStart + TICK_MS / 2);
    sums.prefill.add(plan.input[t], plan.cached[t], plan.requests[t], load);
    sums.decode.add(plan.output[t], 0, plan.requests[t], load);
    if (tickEnd % sampleMs === 0) {
      for (const s of samplers) {
        const units = s.role === 'prefill' ? current.prefillUnits : current.decodeUnits;
        yield* s.sample(sums[s.role].take(tickEnd, units));
      }
    }
    if (tickEnd % blockMs === 0 && profile.expertLayers.length) {
      const emit = tickEnd - blockMs >= window.start;
      for (const s of samplers) yield* s.takeExpertLoads(tickEnd, profile.expertIntervalS, blockLoad(tickEnd - blockMs), emit);
    }
  }
  if (options.offlineAtEnd) yield* offlineEvents(profile, layout, window.end);
}

function* offlineEvents(profile: FleetProfile, layout: FleetLayout, instant: number): Generator<CanonicalRecord> {
  for (const { node } of layout.nodes) {
    yield { type: 'node_event', ts: instant, node, state: 'offline', gpuType: profile.gpuType, gpuCount: profile.gpusPerNode, model: null };
  }
}
