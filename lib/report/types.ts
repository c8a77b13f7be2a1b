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
}
