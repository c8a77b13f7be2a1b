import { assertEffectiveDates, edgesWithin, inForceAt, type EffectiveDated } from '@/lib/finance/effective';
import { ZERO, usd, type Amount, type Decimal } from '@/lib/finance/money';
import { MINUTE_MS, type TimeWindow } from '@/lib/time/window';

/** The electricity rate card: USD per kWh for the whole fleet while an entry is in force. */
export interface ElectricityRate extends EffectiveDated {
  usdPerKwh: Amount;
}

export const JOULES_PER_KWH = 3_600_000;

/**
 * Throws a RangeError naming the first problem. Effective dates are whole minutes because
 * energy is kept per minute: a change inside a minute could not be split exactly.
 */
export function validateElectricityRates(rates: ElectricityRate[]): void {
  for (const rate of rates) {
    const what = `electricity rate from ${Number.isFinite(rate.effectiveFrom) ? new Date(rate.effectiveFrom).toISOString() : String(rate.effectiveFrom)}`;
    if (usd(rate.usdPerKwh).isNegative()) throw new RangeError(`${what}: negative rate`);
    for (const edge of [rate.effectiveFrom, rate.effectiveTo ?? 0]) {
      if (edge % MINUTE_MS !== 0) throw new RangeError(`${what}: effective dates must be whole minutes`);
    }
  }
  assertEffectiveDates(rates, () => 'card', 'electricity rate');
}

/** Instants inside the window where the electricity rate changes, in order. */
export function electricityRateEdges(rates: ElectricityRate[], window: TimeWindow): number[] {
  return [...new Set(edgesWithin(rates, window.start, window.end))].sort((a, b) => a - b);
}

/** Joules used over [start, end), a span that lies inside one rate period. */
export interface EnergyPiece {
  start: number;
  end: number;
  energyJ: number;
}

/** A stretch of the window under one rate (or none): its energy and what it cost. */
export interface EnergyRatePeriod extends TimeWindow {
  rate: ElectricityRate | null;
  energyJ: number;
  /** Null while no rate is in force: unpriced, not $0. */
  cost: Decimal | null;
}

export interface EnergyCost {
  /** Σ joules × USD per kWh of the rate in force ÷ 3.6M, exact, over the priced periods only. */
  cost: Decimal;
  pricedJ: number;
  unpricedJ: number;
  periods: EnergyRatePeriod[];
}

/**
 * Energy cost of the pieces inside `window`: the window is cut at electricity rate changes,
 * each piece's joules are summed exactly (as decimals) into the period it lies in, and each
 * period's sum is priced once at its rate. A piece across a rate change cannot be priced: read
 * the energy in steps cut at electricityRateEdges.
 */
export function energyCost(pieces: EnergyPiece[], rates: ElectricityRate[], window: TimeWindow): EnergyCost {
  validateElectricityRates(rates);
  const edges = [window.start, ...electricityRateEdges(rates, window), window.end];
  const sums = edges.slice(0, -1).map((start, i) => ({ start, end: edges[i + 1], rate: inForceAt(rates, start), joules: ZERO }));
  for (const piece of pieces) {
    if (piece.start < window.start || piece.end > window.end || !(piece.end > piece.start)) {
      throw new RangeError(`energy over [${new Date(piece.start).toISOString()}, ${new Date(piece.end).toISOString()}) is not inside the window`);
    }
    const period = sums.find((p) => p.start <= piece.start && piece.start < p.end);
    if (!period || piece.end > period.end) {
      throw new RangeError(`energy from ${new Date(piece.start).toISOString()} spans an electricity rate change: cut the steps at the rate's edges`);
    }
    period.joules = period.joules.plus(piece.energyJ);
  }
  let cost = ZERO;
  let pricedJ = ZERO;
  let unpricedJ = ZERO;
  const periods = sums.map(({ joules, ...p }) => {
    const periodCost = p.rate ? joules.times(p.rate.usdPerKwh).dividedBy(JOULES_PER_KWH) : null;
    if (periodCost) {
      cost = cost.plus(periodCost);
      pricedJ = pricedJ.plus(joules);
    } else unpricedJ = unpricedJ.plus(joules);
    return { ...p, energyJ: joules.toNumber(), cost: periodCost };
  });
  return { cost, pricedJ: pricedJ.toNumber(), unpricedJ: unpricedJ.toNumber(), periods };
}
