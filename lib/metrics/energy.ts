import type { Role } from '@/lib/ingest/records';
import { JOULES_PER_KWH } from '@/lib/finance/electricity';
import { ratio } from '@/lib/metrics/figure';
import type { NodeEnergyStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';

/** Joules and the GPU-seconds they were reported over (energy rows of any grouping). */
export interface EnergySum {
  energyJ: number;
  gpuSeconds: number;
}

export const kwhOf = (joules: number) => joules / JOULES_PER_KWH;

export function sumEnergy(rows: EnergySum[]): EnergySum {
  let energyJ = 0;
  let gpuSeconds = 0;
  for (const r of rows) {
    energyJ += r.energyJ;
    gpuSeconds += r.gpuSeconds;
  }
  return { energyJ, gpuSeconds };
}

/**
 * kWh of a sum, null when its GPUs reported neither power nor energy. The rollups add nothing for
 * such samples, so 0 J means "not measured": a GPU in service never draws 0 W.
 */
export const kwhOrNull = (sum: EnergySum): number | null => (sum.energyJ > 0 ? kwhOf(sum.energyJ) : null);

/**
 * Energy coverage: the share of the GPU-seconds reported whose rows carried power or energy
 * (at the grain of the rows: node × role × step), null without GPU-seconds.
 */
export function energyCoverage(rows: EnergySum[]): number | null {
  let measured = 0;
  let all = 0;
  for (const r of rows) {
    all += r.gpuSeconds;
    if (r.energyJ > 0) measured += r.gpuSeconds;
  }
  return ratio(measured, all);
}

/** Energy of one node in one role over [at, end), a piece of a window that no electricity rate change (or day start, for a month's read) cuts. */
export interface EnergyTotals extends EnergySum {
  at: number;
  end: number;
  node: string;
  role: Role;
}

/** Stepped node energy rows as pieces of their window (`at`, `end` = the step's edges). */
export const energyTotals = (rows: NodeEnergyStep[], steps: Steps): EnergyTotals[] =>
  rows.map((r) => ({ at: steps.edges[r.step], end: steps.edges[r.step + 1], node: r.node, role: r.role, energyJ: r.energyJ, gpuSeconds: r.gpuSeconds }));
