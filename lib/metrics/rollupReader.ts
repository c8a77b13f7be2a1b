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
import type { MetricsReader } from './rows';

/** The views' reads from the rollups (what the app and the API use). */
export function rollupReader(pool: pg.Pool): MetricsReader {
  return {
    kind: 'rollups',
    counters: (steps, filter) => getCounterSteps(pool, steps, filter),
    nodeCounters: (steps, filter) => getNodeCounterSteps(pool, steps, filter),
    energy: (steps, filter) => getEnergySteps(pool, steps, filter),
    nodeEnergy: (steps, filter) => getNodeEnergySteps(pool, steps, filter),
    requests: (steps, filter) => getRequestSteps(pool, steps, filter),
    histogram: (steps, metric, filter) => getHistogramSteps(pool, steps, metric, filter),
    nodeIntervals: (window) => getNodeIntervals(pool, window),
    balance: (steps) => getBalanceSteps(pool, steps),
    attentionBalance: (steps) => getAttentionBalanceSteps(pool, steps),
    gpuLoads: (steps, role, filter) => getGpuLoadSteps(pool, steps, role, filter),
    gpuRanks: (steps, role, objective, filter, limit) => getGpuRanks(pool, steps, role, objective, filter, limit),
    kvUsage: (steps, filter, limit) => getKvUsage(pool, steps, filter, limit),
    expertLayers: (window) => getExpertLayers(pool, window),
    experts: (window, phase, layer) => getExpertTotals(pool, window, phase, layer),
    expertGpus: (window, phase, layer) => getExpertGpuTotals(pool, window, phase, layer),
    freshness: () => getNodeFreshness(pool),
  };
}
