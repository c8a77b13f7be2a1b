import { ROLES, type Role } from '@/lib/ingest/records';
import { energyCost, type ElectricityRate } from '@/lib/finance/electricity';
import { apportionCents, centsNumber, Decimal } from '@/lib/finance/money';
import { energyCoverage, kwhOf, sumEnergy, type EnergyTotals } from '@/lib/metrics/energy';
import type { TimeWindow } from '@/lib/time/window';
import { DP, roundOrNull, roundTo } from './round';
import type { EnergyReport } from './types';

const iso = (ms: number) => new Date(ms).toISOString();
/** Rounded kWh; null where nothing was measured (0 J: see kwhOrNull). */
const kwh = (joules: number) => (joules > 0 ? roundTo(kwhOf(joules), DP.kwh) : null);
const pieces = (rows: EnergyTotals[]) => rows.map((r) => ({ start: r.at, end: r.end, energyJ: r.energyJ }));

/** Nodes whose rows carried energy, and nodes that reported samples without any. */
function nodeCounts(rows: EnergyTotals[]): { measured: number; unmeasured: number } {
  const byNode = new Map<string, number>();
  for (const r of rows) byNode.set(r.node, (byNode.get(r.node) ?? 0) + r.energyJ);
  const measured = [...byNode.values()].filter((j) => j > 0).length;
  return { measured, unmeasured: byNode.size - measured };
}

/**
 * The day's energy section: kWh (total, per role, per rate period) and the energy cost, each
 * period's joules priced once at the rate in force (exact decimals), rounded half-up to the cent
 * once per figure; the periods' cents are apportioned so they add up to the day's.
 * `gpuCost` is the report's GPU cost as shown (to the cent).
 */
export function energySection(rows: EnergyTotals[], rates: ElectricityRate[], window: TimeWindow, gpuCost: Decimal): EnergyReport {
  const total = energyCost(pieces(rows), rates, window);
  const priced = total.pricedJ > 0;
  const pricedPeriods = total.periods.filter((p) => p.cost !== null && p.energyJ > 0);
  const apportioned = apportionCents(pricedPeriods.map((p) => p.cost ?? new Decimal(0)));
  const periodCents = new Map(pricedPeriods.map((p, i) => [p, apportioned.parts[i].toNumber()]));
  const perRole = (value: (role: Role) => number | null) => Object.fromEntries(ROLES.map((role) => [role, value(role)])) as Record<Role, number | null>;
  const ofRole = (role: Role) => rows.filter((r) => r.role === role);
  const cost = priced ? apportioned.total : null;
  const nodes = nodeCounts(rows);
  return {
    kwh: kwh(sumEnergy(rows).energyJ),
    byRole: perRole((role) => kwh(sumEnergy(ofRole(role)).energyJ)),
    cost: cost === null ? null : cost.toNumber(),
    costByRole: perRole((role) => {
      const c = energyCost(pieces(ofRole(role)), rates, window);
      return c.pricedJ > 0 ? centsNumber(c.cost) : null;
    }),
    unpricedKwh: roundTo(kwhOf(total.unpricedJ), DP.kwh),
    gpuAndEnergyCost: cost === null ? null : new Decimal(gpuCost).plus(cost).toNumber(),
    periods: total.periods.map((p) => ({
      start: iso(p.start),
      end: iso(p.end),
      usdPerKwh: p.rate ? new Decimal(p.rate.usdPerKwh).toString() : null,
      kwh: kwh(p.energyJ),
      cost: periodCents.get(p) ?? null,
    })),
    nodesMeasured: nodes.measured,
    nodesUnmeasured: nodes.unmeasured,
    source: 'gpu_samples',
    coverage: roundOrNull(energyCoverage(rows), DP.ratio),
  };
}
