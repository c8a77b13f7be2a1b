import { costProfitMargin } from '@/lib/finance/margin';
import { apportionCents, centsNumber, roundCents, type Decimal } from '@/lib/finance/money';
import type { TokenCounts } from '@/lib/finance/priceBook';
import { gpuCost } from '@/lib/finance/rateCard';
import { actualRevenue, explainRevenueGap, theoreticalRevenue, usageKey, type UsageBucket } from '@/lib/finance/revenue';
import type { Figure } from '@/lib/metrics/figure';
import { FLEET_STEP_MS, type FleetData } from '@/lib/metrics/fleetData';
import { summariseFleet } from '@/lib/metrics/fleetSummary';
import { occupancyHours } from '@/lib/metrics/occupancy';
import { tokenBuckets } from '@/lib/metrics/tokens';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import { HOUR_MS, hourlySteps } from '@/lib/time/window';
import { energySection } from './energy';
import { pricingAssumptions } from './pricingAssumptions';
import { DP, roundOrNull, roundTo } from './round';
import type { DailyReport, HourRow, TokenTotals, UsageRow } from './types';

export interface ReportDay {
  date: string;
  timeZone: string;
  dayStart: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const tokens = (t: TokenCounts): TokenTotals => ({ input: Math.round(t.inputTokens), cached: Math.round(t.cachedTokens), output: Math.round(t.outputTokens) });
const provenance = (f: Figure<unknown>) => ({ source: f.source, coverage: roundOrNull(f.coverage, DP.ratio) });
const margin = (revenue: Decimal, cost: Decimal) => {
  const m = costProfitMargin(revenue, cost);
  return m === null ? null : roundTo(m.toNumber(), DP.margin);
};

function usageBuckets(data: FleetData): UsageBucket[] {
  return data.requests.map((r) => ({
    start: r.at, end: r.at + FLEET_STEP_MS, model: r.model, source: r.source,
    inputTokens: r.inputTokens, cachedTokens: r.cachedTokens, outputTokens: r.outputTokens,
  }));
}

function usageRows(data: FleetData, revenueByKey: Map<string, Decimal | null>): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const r of data.requests) {
    const key = usageKey(r.model, r.source);
    const row = rows.get(key) ?? { model: r.model, source: r.source, requests: 0, input: 0, cached: 0, output: 0, actualRevenue: null };
    row.requests += r.requests;
    row.input += r.inputTokens;
    row.cached += r.cachedTokens;
    row.output += r.outputTokens;
    rows.set(key, row);
  }
  return [...rows].map(([key, row]) => {
    const revenue = revenueByKey.get(key);
    return {
      ...row,
      requests: roundTo(row.requests, 3), input: Math.round(row.input), cached: Math.round(row.cached), output: Math.round(row.output),
      actualRevenue: revenue ? centsNumber(revenue) : null,
    };
  });
}

/**
 * The daily report of one day's fleet data under one pricing (pure). Money is exact until each
 * figure is rounded half-up to the cent once; hourly money is apportioned so the rows add up to
 * the day exactly. `cost` stays the GPU cost (margins are on it); energy is priced beside it.
 * Without `hourly` (the overview over any range) the hourly rows are left out and every figure
 * is the same: nothing is then computed per hour of the window.
 */
export function buildDailyReport(
  data: FleetData, pricing: PricingConfig, day: ReportDay, { hourly: withHours = true }: { hourly?: boolean } = {},
): Omit<DailyReport, 'status' | 'version'> {
  const { window } = data;
  const summary = summariseFleet(data);
  const tokenSource = summary.tokens.detail.source;
  const cost = gpuCost(data.intervals, pricing.rateCards, window, withHours);
  const theoretical = theoreticalRevenue(tokenBuckets(tokenSource, data.counters, data.requests, FLEET_STEP_MS), pricing, window, withHours);
  const usage = usageBuckets(data);
  const actual = actualRevenue(usage, pricing, window, withHours);
  const gap = explainRevenueGap(theoretical.total.revenue, actual.total);
  // apportionCents' total is the exact sum rounded once, as roundCents of the exact total is.
  const apportioned = (parts: Decimal[], total: Decimal) => (withHours ? apportionCents(parts) : { parts: [], total: roundCents(total) });
  const hourlyCost = apportioned(cost.hours.map((h) => h.cost), cost.total.cost);
  const hourlyTheoretical = apportioned(theoretical.hours.map((h) => h.revenue), theoretical.total.revenue);
  const hourlyActual = apportioned(actual.hours.map((h) => h.revenue), actual.total.revenue);
  const hourly: HourRow[] = (withHours ? hourlySteps(window) : []).map((step, i) => ({
    start: iso(step.start),
    end: iso(step.end),
    nodes: roundTo(occupancyHours(data.intervals, step).avgNodes, DP.nodes),
    cost: hourlyCost.parts[i].toNumber(),
    theoreticalRevenue: hourlyTheoretical.parts[i].toNumber(),
    actualRevenue: hourlyActual.parts[i].toNumber(),
    theoreticalMargin: margin(theoretical.hours[i].revenue, cost.hours[i].cost),
    actualMargin: margin(actual.hours[i].revenue, cost.hours[i].cost),
  }));
  const tokenProvenance = provenance(summary.tokens.input);
  const requestProvenance = { source: 'requests' as const, coverage: tokenProvenance.coverage };
  const sources = { theoretical: tokenProvenance.source, actual: requestProvenance.source };
  const coverages = { theoretical: tokenProvenance.coverage, actual: requestProvenance.coverage };
  const hoursOf = (byState: Record<string, number>) => Object.fromEntries(Object.entries(byState).map(([s, h]) => [s, roundTo(h, DP.hours)]));
  return {
    date: day.date,
    timeZone: day.timeZone,
    dayStart: day.dayStart,
    window: { start: iso(window.start), end: iso(window.end), hours: (window.end - window.start) / HOUR_MS },
    nodes: {
      avg: roundTo(summary.nodes.avg.value, DP.nodes),
      peak: summary.nodes.peak.value,
      nodeHours: roundTo(summary.nodes.nodeHours.value, DP.hours),
      gpuHours: roundTo(summary.nodes.gpuHours.value, DP.hours),
      nodeHoursByState: hoursOf(summary.nodes.nodeHoursByState),
      gpuHoursByState: hoursOf(summary.nodes.gpuHoursByState),
      ...provenance(summary.nodes.avg),
    },
    tokens: {
      ...tokens(summary.tokens.detail),
      cacheHitRatio: roundOrNull(summary.tokens.cacheHitRatio.value, DP.ratio),
      counterCompleteness: roundOrNull(summary.tokens.detail.counterCompleteness, DP.ratio),
      ...tokenProvenance,
    },
    cost: {
      total: hourlyCost.total.toNumber(),
      byState: {
        prefill: centsNumber(cost.total.costByState.prefill),
        decode: centsNumber(cost.total.costByState.decode),
        idle: centsNumber(cost.total.costByState.idle),
      },
      unpricedGpuHours: roundTo(cost.total.unpricedGpuHours, DP.hours),
      unpricedGpuTypes: cost.unpricedGpuTypes,
      ...provenance(summary.nodes.avg),
    },
    energy: energySection(data.energy, pricing.electricityRates, window, hourlyCost.total),
    revenue: {
      theoretical: hourlyTheoretical.total.toNumber(),
      actual: hourlyActual.total.toNumber(),
      referenceModel: pricing.referenceModel,
      billableSources: pricing.billableSources,
      gap: {
        total: centsNumber(gap.gap),
        freeTraffic: centsNumber(gap.freeTraffic),
        unpricedModels: centsNumber(gap.unpricedModels),
        modelPrice: centsNumber(gap.modelPrice),
        offPeakDiscount: centsNumber(gap.offPeakDiscount),
        uncovered: centsNumber(gap.uncovered),
      },
      unpricedTokens: { theoretical: tokens(theoretical.total.unpricedTokens), actual: tokens(actual.total.unpricedTokens) },
      byModel: [...actual.total.byModel].map(([model, revenue]) => ({ model, actual: centsNumber(revenue) })),
      bySource: [...actual.total.bySource].map(([source, revenue]) => ({ source, actual: centsNumber(revenue) })),
      source: sources,
      coverage: coverages,
    },
    margin: {
      theoretical: margin(theoretical.total.revenue, cost.total.cost),
      actual: margin(actual.total.revenue, cost.total.cost),
      source: sources,
      coverage: coverages,
    },
    throughput: {
      prefillPerNode: roundOrNull(summary.throughput.prefillPerNode.value, DP.rate),
      decodePerNode: roundOrNull(summary.throughput.decodePerNode.value, DP.rate),
      ...tokenProvenance,
    },
    kv: { avgLengthPerOutputToken: roundOrNull(summary.kv.avgLengthPerOutputToken.value, DP.rate), ...requestProvenance },
    outputSpeed: {
      mean: roundOrNull(summary.outputSpeed.mean.value, DP.speed),
      p50: roundOrNull(summary.outputSpeed.p50.value, DP.speed),
      p90: roundOrNull(summary.outputSpeed.p90.value, DP.speed),
      p99: roundOrNull(summary.outputSpeed.p99.value, DP.speed),
      ...requestProvenance,
    },
    usage: usageRows(data, actual.total.byModelAndSource),
    hourly,
    pricing: pricingAssumptions(pricing, window),
  };
}
