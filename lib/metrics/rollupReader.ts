import type pg from 'pg';
import { getAttentionBalanceSteps } from './queries/getAttentionBalanceSteps';
import { getBalanceSteps } from './queries/getBalanceSteps';
import { getCounterSteps } from './queries/getCounterSteps';
import { getExpertGpuTotals } from './queries/getExpertGpuTotals';
import { getExpertLayers } from './queries/getExpertLayers';
import { getExpertTotals } from './queries/getExpertTotals';
import { getGpuAttentionSteps } from './queries/getGpuAttentionSteps';
import { getGpuLoadSteps } from './queries/getGpuLoadSteps';
import { getHistogramSteps } from './queries/getHistogramSteps';
import { getNodeCounterSteps } from './queries/getNodeCounterSteps';
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
    requests: (steps, filter) => getRequestSteps(pool, steps, filter),
    histogram: (steps, metric, filter) => getHistogramSteps(pool, steps, metric, filter),
    nodeIntervals: (window) => getNodeIntervals(pool, window),
    balance: (steps) => getBalanceSteps(pool, steps),
    attentionBalance: (steps) => getAttentionBalanceSteps(pool, steps),
    gpuLoads: (steps, role, filter) => getGpuLoadSteps(pool, steps, role, filter),
    gpuAttention: (steps, filter) => getGpuAttentionSteps(pool, steps, filter),
    expertLayers: (window) => getExpertLayers(pool, window),
    experts: (window, phase, layer) => getExpertTotals(pool, window, phase, layer),
    expertGpus: (window, phase, layer) => getExpertGpuTotals(pool, window, phase, layer),
    freshness: () => getNodeFreshness(pool),
  };
}
