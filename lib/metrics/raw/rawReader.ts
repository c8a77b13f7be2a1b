import type pg from 'pg';
import type { MetricsReader } from '@/lib/metrics/rows';
import { rawAttentionBalanceSteps } from './rawAttentionBalanceSteps';
import { rawBalanceSteps } from './rawBalanceSteps';
import { rawCounterSteps } from './rawCounterSteps';
import { rawEnergySteps } from './rawEnergySteps';
import { rawExpertGpuTotals } from './rawExpertGpuTotals';
import { rawExpertLayers } from './rawExpertLayers';
import { rawExpertTotals } from './rawExpertTotals';
import { rawGpuRanks } from './rawGpuRanks';
import { rawGpuLoadSteps } from './rawGpuLoadSteps';
import { rawHistogramSteps } from './rawHistogramSteps';
import { rawKvUsage } from './rawKvUsage';
import { rawNodeCounterSteps } from './rawNodeCounterSteps';
import { rawNodeEnergySteps } from './rawNodeEnergySteps';
import { rawNodeFreshness } from './rawNodeFreshness';
import { rawNodeIntervals } from './rawNodeIntervals';
import { rawRequestSteps } from './rawRequestSteps';

/** The views' reads from the raw telemetry rows: the benchmark's baseline and the tests' reference. */
export function rawReader(pool: pg.Pool): MetricsReader {
  return {
    kind: 'raw',
    counters: (steps, filter) => rawCounterSteps(pool, steps, filter),
    nodeCounters: (steps, filter) => rawNodeCounterSteps(pool, steps, filter),
    energy: (steps, filter) => rawEnergySteps(pool, steps, filter),
    nodeEnergy: (steps, filter) => rawNodeEnergySteps(pool, steps, filter),
    requests: (steps, filter) => rawRequestSteps(pool, steps, filter),
    histogram: (steps, metric, filter) => rawHistogramSteps(pool, steps, metric, filter),
    nodeIntervals: (window) => rawNodeIntervals(pool, window),
    balance: (steps) => rawBalanceSteps(pool, steps),
    attentionBalance: (steps) => rawAttentionBalanceSteps(pool, steps),
    gpuLoads: (steps, role, filter) => rawGpuLoadSteps(pool, steps, role, filter),
    gpuRanks: (steps, role, objective, filter, limit) => rawGpuRanks(pool, steps, role, objective, filter, limit),
    kvUsage: (steps, filter, limit) => rawKvUsage(pool, steps, filter, limit),
    expertLayers: (window) => rawExpertLayers(pool, window),
    experts: (window, phase, layer) => rawExpertTotals(pool, window, phase, layer),
    expertGpus: (window, phase, layer) => rawExpertGpuTotals(pool, window, phase, layer),
    freshness: () => rawNodeFreshness(pool),
  };
}
