import type pg from 'pg';
import { getAttentionBalanceSteps } from './queries/getAttentionBalanceSteps';
import { getBalanceSteps } from './queries/getBalanceSteps';
import { getCounterSteps } from './queries/getCounterSteps';
import { getEnergySteps } from './queries/getEnergySteps';
import { getExpertGpuTotals } from './queries/getExpertGpuTotals';
import { getExpertLayers } from './queries/getExpertLayers';
import { getExpertTotals } from './queries/getExpertTotals';
import { getGpuRanks } from './queries/getGpuRanks';
import { getGpuLoadSteps } from './queries/getGpuLoadSteps';
import { getHistogramSteps } from './queries/getHistogramSteps';
import { getKvUsage } from './queries/getKvUsage';
import { getNodeCounterSteps } from './queries/getNodeCounterSteps';
import { getNodeEnergySteps } from './queries/getNodeEnergySteps';
import { getNodeFreshness } from './queries/getNodeFreshness';
import { getNodeIntervals } from './queries/getNodeIntervals';
import { getRequestSteps } from './queries/getRequestSteps';
import { readDayGrid } from '@/lib/db/ingest/dayTier';
import { dayStartsWithin } from '@/lib/time/day';
import { daySpan, type DayGrid } from '@/lib/time/dayGrid';
import type { MetricsReader } from './rows';
import { singleStep, type Steps } from './steps';

/**
 * The views' reads from the rollups (what the app and the API use). Steps are given the whole
 * days the day rollups hold for them (daySpan, on the grid the day tier is keyed by, read once).
 */
export function rollupReader(pool: pg.Pool): MetricsReader {
  let grid: Promise<DayGrid | null> | undefined;
  // Ten years are 3,650 day starts to find: once per window a view reads, not once per read.
  const starts = new Map<string, number[]>();
  const startsWithin: typeof dayStartsWithin = (window, timeZone, dayStart) => {
    const key = `${window.start}|${window.end}|${timeZone}|${dayStart}`;
    let found = starts.get(key);
    if (!found) starts.set(key, (found = dayStartsWithin(window, timeZone, dayStart)));
    return found;
  };
  const days = async (steps: Steps): Promise<Steps> => ({ ...steps, daySpan: daySpan(steps.edges, await (grid ??= readDayGrid(pool)), startsWithin) });
  return {
    kind: 'rollups',
    counters: async (steps, filter) => getCounterSteps(pool, await days(steps), filter),
    nodeCounters: async (steps, filter) => getNodeCounterSteps(pool, await days(steps), filter),
    energy: async (steps, filter) => getEnergySteps(pool, await days(steps), filter),
    nodeEnergy: async (steps, filter) => getNodeEnergySteps(pool, await days(steps), filter),
    requests: async (steps, filter) => getRequestSteps(pool, await days(steps), filter),
    histogram: async (steps, metric, filter) => getHistogramSteps(pool, await days(steps), metric, filter),
    nodeIntervals: async (window) => getNodeIntervals(pool, window, (await days(singleStep(window))).daySpan),
    balance: (steps) => getBalanceSteps(pool, steps),
    attentionBalance: (steps) => getAttentionBalanceSteps(pool, steps),
    gpuLoads: async (steps, role, filter) => getGpuLoadSteps(pool, await days(steps), role, filter),
    gpuRanks: async (steps, role, objective, filter, limit) => getGpuRanks(pool, await days(steps), role, objective, filter, limit),
    kvUsage: async (steps, filter, limit) => getKvUsage(pool, await days(steps), filter, limit),
    expertLayers: (window) => getExpertLayers(pool, window),
    experts: (window, phase, layer) => getExpertTotals(pool, window, phase, layer),
    expertGpus: (window, phase, layer) => getExpertGpuTotals(pool, window, phase, layer),
    freshness: () => getNodeFreshness(pool),
  };
}
