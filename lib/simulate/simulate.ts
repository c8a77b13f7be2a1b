import type { CanonicalRecord } from '@/lib/ingest/records';
import type { TimeWindow } from '@/lib/time/window';
import { phaseExperts } from './experts';
import { fleetLayout, nodeEventsAt, stepAt, type FleetLayout } from './fleet';
import { planTicks, sampledRequests } from './plan';
import { TICK_MS, type FleetProfile, type FleetStep } from './profile';
import { requestModel } from './requestModel';
import { requestsInTick } from './requests';
import { RoleSampler } from './samples';
import { LowDiscrepancySequence } from './sequence';

export interface SimulateOptions {
  seed: number;
  /** Sampling rate of request records, in (0, 1]; each carries sample_weight = 1 ÷ scale. Counters are always complete. */
  scale: number;
  /** Part of the profile's window to write (whole ticks); default the whole window. */
  window?: TimeWindow;
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
  return w;
}

function servingNodes(layout: FleetLayout, step: FleetStep): { prefill: string[]; decode: string[] } {
  return { prefill: layout.units.prefill.slice(0, step.prefillUnits).flat(), decode: layout.units.decode.slice(0, step.decodeUnits).flat() };
}

/**
 * A profile's canonical telemetry in time order, one 10-second tick at a time (never the whole
 * window in memory): node events as states change, the tick's sampled requests, every serving
 * GPU's sample for the tick, and every `expertIntervalS` the expert loads of the sampled layers.
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
    for (const s of samplers) {
      const prefill = s.role === 'prefill';
      yield* s.sample({
        ts: tickEnd,
        servingUnits: prefill ? current.prefillUnits : current.decodeUnits,
        tokens: prefill ? plan.input[t] : plan.output[t],
        cached: prefill ? plan.cached[t] : 0,
        requests: plan.requests[t],
        load,
      });
    }
    if (tickEnd % blockMs === 0 && profile.expertLayers.length) {
      const emit = tickEnd - blockMs >= window.start;
      for (const s of samplers) yield* s.takeExpertLoads(tickEnd, profile.expertIntervalS, blockLoad(tickEnd - blockMs), emit);
    }
  }
}
