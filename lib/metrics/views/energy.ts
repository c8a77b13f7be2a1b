import { ROLES } from '@/lib/ingest/records';
import { energyCost, type ElectricityRate } from '@/lib/finance/electricity';
import { centsNumber } from '@/lib/finance/money';
import { energyCoverage, kwhOf, kwhOrNull, sumEnergy, type EnergySum } from '@/lib/metrics/energy';
import type { Figure } from '@/lib/metrics/figure';
import type { EnergyStep, NodeEnergyStep } from '@/lib/metrics/rows';
import { stepContaining, type Steps } from '@/lib/metrics/steps';
import { kwhText, usdText } from '@/lib/report/format';
import { dayContaining } from '@/lib/time/day';
import { byStep, stepSeries } from './common';
import type { Chart, Table } from './types';

/** kWh of one node (or of all) per day; a null cell is "nothing measured", never 0. */
export interface EnergyRow {
  node: string;
  kwhByDay: (number | null)[];
  total: number | null;
  /** Why cells are empty (null when none is). */
  missing: string | null;
}

export interface NodeDayEnergy {
  /** The organisation's day of each column (YYYY-MM-DD): every day of a month or less, else the days with data. */
  days: string[];
  rows: EnergyRow[];
  total: EnergyRow;
  /** Nodes with samples in the window but no power or energy in any of them. */
  unmeasured: string[];
}

/** The day (as the organisation names it) of each step of day steps. */
export const dayLabels = (days: Steps, dayStart: string): string[] =>
  days.edges.slice(0, -1).map((edge) => dayContaining(edge, days.timeZone, dayStart));

// A month shows every day as a column; a longer range only the days that have any data, so that
// a ten-year range over one day of data is one column, not 3,653 per node.
const EVERY_DAY_UP_TO = 31;

/**
 * kWh per node and day from energy rows read in `steps` (days, possibly cut further at rate
 * changes), with a row for every node in `nodes` too (serving nodes that never reported show
 * empty cells and say why) and a totals row.
 */
export function energyByNodeDay(rows: NodeEnergyStep[], steps: Steps, days: Steps, dayStart: string, nodes: string[]): NodeDayEnergy {
  const labels = dayLabels(days, dayStart);
  const cells = new Map<string, (EnergySum | null)[]>();
  const cellsOf = (node: string) => {
    let c = cells.get(node);
    if (!c) cells.set(node, (c = labels.map(() => null)));
    return c;
  };
  for (const node of nodes) cellsOf(node);
  const dayTotals: (EnergySum | null)[] = labels.map(() => null);
  for (const r of rows) {
    const c = cellsOf(r.node);
    const d = stepContaining(days, steps.edges[r.step]);
    c[d] = sumEnergy([c[d] ?? { energyJ: 0, gpuSeconds: 0 }, r]);
    dayTotals[d] = sumEnergy([dayTotals[d] ?? { energyJ: 0, gpuSeconds: 0 }, r]);
  }
  const shown = labels.flatMap((_, d) => (labels.length <= EVERY_DAY_UP_TO || dayTotals[d] ? [d] : []));
  const kwhByDay = (c: (EnergySum | null)[]) => shown.map((d) => (c[d] ? kwhOrNull(c[d]) : null));
  const unmeasured: string[] = [];
  const table = [...cells.keys()].sort().map((node): EnergyRow => {
    const c = cellsOf(node);
    const reported = c.filter((s): s is EnergySum => s !== null);
    const dark = labels.filter((_, d) => (c[d]?.gpuSeconds ?? 0) > 0 && (c[d]?.energyJ ?? 0) <= 0);
    const total = kwhOrNull(sumEnergy(reported));
    if (reported.length && total === null) unmeasured.push(node);
    const missing = !reported.length
      ? 'no GPU samples in the window'
      : total === null ? 'no power or energy samples' : dark.length ? `no power or energy samples on ${dark.join(', ')}` : null;
    return { node, kwhByDay: kwhByDay(c), total, missing };
  });
  const measured = dayTotals.filter((s): s is EnergySum => s !== null);
  return {
    days: shown.map((d) => labels[d]),
    rows: table,
    total: { node: 'All nodes', kwhByDay: kwhByDay(dayTotals), total: measured.length ? kwhOrNull(sumEnergy(measured)) : null, missing: null },
    unmeasured,
  };
}

export function energyTable(e: NodeDayEnergy): Table {
  const row = (r: EnergyRow) => ({ node: r.node, ...Object.fromEntries(e.days.map((day, d) => [day, r.kwhByDay[d]])), total: r.total, missing: r.missing });
  return {
    id: 'energy-by-node-day',
    title: 'Energy per node and day (kWh; empty: not measured)',
    columns: [
      { key: 'node', label: 'Node' },
      ...e.days.map((day) => ({ key: day, label: day })),
      { key: 'total', label: 'Total' },
      { key: 'missing', label: 'No data because' },
    ],
    rows: [...e.rows.map(row), row(e.total)],
  };
}

/** kWh per step and role, stacked; a step whose GPUs reported no power or energy has no bar. */
export function energyChart(energy: EnergyStep[], steps: Steps): Chart {
  const perStep = byStep(energy, steps);
  return {
    id: 'energy', title: 'Energy by role', unit: 'kWh', x: 'time', kind: 'bar', stacked: true,
    series: ROLES.map((role) => stepSeries(steps, role, role, (i) => kwhOrNull(sumEnergy(perStep[i].filter((r) => r.role === role))))),
  };
}

/**
 * The window's energy (kWh) and its energy cost: the energy rows (read in steps cut at the
 * electricity rate's changes) priced at the rate in force in each period. Unmeasured energy and
 * unpriced energy are null with the reason, never 0.
 */
export function energyFigures(rows: NodeEnergyStep[], steps: Steps, rates: ElectricityRate[]): Record<string, Figure<number | null>> {
  const kwh = kwhOrNull(sumEnergy(rows));
  const coverage = energyCoverage(rows);
  const priced = energyCost(rows.map((r) => ({ start: steps.edges[r.step], end: steps.edges[r.step + 1], energyJ: r.energyJ })), rates, steps.window);
  const cost = kwh !== null && priced.pricedJ > 0 ? centsNumber(priced.cost) : null;
  const unpriced = priced.unpricedJ > 0 ? `${kwhText(kwhOf(priced.unpricedJ))} outside any electricity rate: unpriced` : null;
  const base = { source: 'gpu_samples' as const, coverage };
  const energy: Figure<number | null> = kwh === null
    ? { value: null, ...base, absent: 'no data', note: 'no GPU reported power or energy in the window' }
    : { value: kwh, ...base, note: cost === null ? 'energy cost unpriced: no electricity rate in force' : [`energy cost ${usdText(cost)}`, unpriced].filter(Boolean).join('; ') };
  const energyCostFigure: Figure<number | null> = kwh === null
    ? { value: null, ...base, absent: 'no data', note: 'no energy measured to price' }
    : cost === null
      ? { value: null, ...base, absent: 'unpriced', note: 'no electricity rate in force (Settings → Pricing)' }
      : { value: cost, ...base, ...(unpriced ? { note: unpriced } : {}) };
  return { 'energy.kwh': energy, 'energy.cost': energyCostFigure };
}
