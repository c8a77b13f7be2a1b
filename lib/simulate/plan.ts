import { apportion } from './apportion';
import { stepAt } from './fleet';
import { TICK_MS, type FleetProfile } from './profile';

/**
 * The whole profile cut into 10-second ticks, with each tick's exact fleet totals. Demand in a
 * tick is proportional to nodes in service × load(t), so the day's totals (fixed by the profile)
 * fall on the ticks in that proportion; apportioning integers keeps the sums exact.
 */
export interface TickPlan {
  start: number;
  ticks: number;
  /** Per tick: nodes in service × load, the share of the day's demand. */
  demand: Float64Array;
  input: Float64Array;
  cached: Float64Array;
  output: Float64Array;
  /** Requests that arrive in the tick, all of them (the counters' view). */
  requests: Float64Array;
}

export function planTicks(profile: FleetProfile, meanInputTokens: number): TickPlan {
  const { start, end } = profile.window;
  if ((end - start) % TICK_MS !== 0) throw new RangeError(`${profile.name}: the window is not whole ${TICK_MS / 1000}-second ticks`);
  const ticks = (end - start) / TICK_MS;
  const demand = new Float64Array(ticks);
  for (let t = 0; t < ticks; t++) {
    const at = start + t * TICK_MS;
    const step = stepAt(profile, at);
    const nodes = step.prefillUnits * profile.prefillUnit.nodes + step.decodeUnits * profile.decodeUnit.nodes;
    demand[t] = nodes * profile.load(at + TICK_MS / 2);
  }
  const split = (total: number) => {
    const parts = new Float64Array(ticks);
    apportion(total, demand, parts);
    return parts;
  };
  const { inputTokens, cachedTokens, outputTokens } = profile.totals;
  return {
    start,
    ticks,
    demand,
    input: split(inputTokens),
    cached: split(cachedTokens),
    output: split(outputTokens),
    requests: split(Math.round(inputTokens / meanInputTokens)),
  };
}

/** Sampled requests per tick at a sampling rate, and the global index of each tick's first one. */
export function sampledRequests(plan: TickPlan, scale: number): { counts: Float64Array; firstIndex: Float64Array } {
  let all = 0;
  for (const n of plan.requests) all += n;
  const counts = new Float64Array(plan.ticks);
  apportion(Math.round(all * scale), plan.demand, counts);
  const firstIndex = new Float64Array(plan.ticks);
  for (let t = 1; t < plan.ticks; t++) firstIndex[t] = firstIndex[t - 1] + counts[t - 1];
  return { counts, firstIndex };
}
