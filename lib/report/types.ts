import type { Role } from '@/lib/ingest/records';
import type { FigureSource } from '@/lib/metrics/figure';

/** Money: dollars as a JSON number to the cent. Ratios and margins: fractions (5.45 = 545%). */
export interface Provenance {
  source: FigureSource;
  coverage: number | null;
}

export interface TokenTotals {
  input: number;
  cached: number;
  output: number;
}

export interface HourRow {
  start: string;
  end: string;
  /** Average nodes in service over the hour. */
  nodes: number;
  cost: number;
  theoreticalRevenue: number;
  actualRevenue: number;
  theoreticalMargin: number | null;
  actualMargin: number | null;
}

export interface UsageRow {
  model: string | null;
  source: string | null;
  requests: number;
  input: number;
  cached: number;
  output: number;
  actualRevenue: number | null;
}

/** A stretch of the day under one electricity rate (or none). */
export interface EnergyPeriod {
  start: string;
  end: string;
  /** USD per kWh, exact decimal text; null: no rate in force, so the period is unpriced. */
  usdPerKwh: string | null;
  kwh: number | null;
  cost: number | null;
}

/**
 * The GPUs' energy and what it cost at the electricity rate. kWh are measurements (energy
 * counters, else power × time); null where no GPU reported either, never 0.
 */
export interface EnergyReport extends Provenance {
  kwh: number | null;
  /** By the role the samples were reported in. */
  byRole: Record<Role, number | null>;
  /** Σ kWh × the rate in force, to the cent; null when no kWh was priced. */
  cost: number | null;
  costByRole: Record<Role, number | null>;
  /** kWh used while no electricity rate was in force: unpriced, not $0. */
  unpricedKwh: number;
  /** cost.total + energy cost, as the two are shown; null while the energy cost is. */
  gpuAndEnergyCost: number | null;
  /** The day cut at electricity rate changes; priced periods add up to `cost`. */
  periods: EnergyPeriod[];
  /** Nodes whose samples carried power or energy, and nodes whose samples carried neither. */
  nodesMeasured: number;
  nodesUnmeasured: number;
}

/** An effective-dated pricing entry's span, ISO instants; `to` null: open-ended. */
export interface InForce {
  from: string;
  to: string | null;
}

/** The pricing the day was computed with: every entry in force at some point of the day. Amounts
 *  are exact decimal text as stored. */
export interface PricingAssumptions {
  gpuRates: (InForce & { gpuType: string; usdPerGpuHour: string })[];
  electricityRates: (InForce & { usdPerKwh: string })[];
  priceBooks: (InForce & { model: string; cacheHitInput: string; cacheMissInput: string; output: string })[];
  offPeakWindows: (InForce & { localFrom: string; localTo: string; timeZone: string; discountByModel: Record<string, string> })[];
  billableSources: string[];
  referenceModel: string;
}

/** The daily report finance signs off: the JSON of `npm run report` and of the report page. */
export interface DailyReport {
  date: string;
  timeZone: string;
  dayStart: string;
  window: { start: string; end: string; hours: number };
  /** 'closed': a stored version (see `version`); 'open': computed now from the data. */
  status: 'open' | 'closed';
  version: number | null;
  nodes: Provenance & {
    avg: number;
    peak: number;
    nodeHours: number;
    gpuHours: number;
    nodeHoursByState: Record<string, number>;
    gpuHoursByState: Record<string, number>;
  };
  tokens: Provenance & TokenTotals & { cacheHitRatio: number | null; counterCompleteness: number | null };
  cost: Provenance & {
    total: number;
    byState: { prefill: number; decode: number; idle: number };
    /** GPU-hours with no GPU type or no rate in force: their cost is unknown, not $0. */
    unpricedGpuHours: number;
    unpricedGpuTypes: (string | null)[];
  };
  /** Absent from versions closed before the report had an energy section. */
  energy?: EnergyReport;
  revenue: {
    theoretical: number;
    actual: number;
    referenceModel: string;
    billableSources: string[];
    /** Theoretical − actual, explained by its parts (which add up to it). */
    gap: { total: number; freeTraffic: number; unpricedModels: number; modelPrice: number; offPeakDiscount: number; uncovered: number };
    /** Tokens with no price book in force: shown, never priced at $0. */
    unpricedTokens: { theoretical: TokenTotals; actual: TokenTotals };
    byModel: { model: string | null; actual: number }[];
    bySource: { source: string | null; actual: number }[];
    source: { theoretical: FigureSource; actual: FigureSource };
    coverage: { theoretical: number | null; actual: number | null };
  };
  margin: {
    theoretical: number | null;
    actual: number | null;
    source: { theoretical: FigureSource; actual: FigureSource };
    coverage: { theoretical: number | null; actual: number | null };
  };
  throughput: Provenance & { prefillPerNode: number | null; decodePerNode: number | null };
  kv: Provenance & { avgLengthPerOutputToken: number | null };
  outputSpeed: Provenance & { mean: number | null; p50: number | null; p90: number | null; p99: number | null };
  /** Weighted request usage by model and source (what actual revenue is priced from). */
  usage: UsageRow[];
  hourly: HourRow[];
  /** Absent from versions closed before the report printed its pricing assumptions. */
  pricing?: PricingAssumptions;
}
