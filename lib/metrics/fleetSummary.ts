import { lacksCache } from '@/lib/metrics/missingFields';
import type pg from 'pg';
import type { NodeState } from '@/lib/ingest/records';
import { ratio, type Figure, type FigureSource } from '@/lib/metrics/figure';
import { loadFleetData, type FleetData } from '@/lib/metrics/fleetData';
import { histogramQuantile } from '@/lib/metrics/histogram';
import { isServingState, judgedServingGpuSeconds, nodeOccupancy, servingNodeSeconds } from '@/lib/metrics/occupancy';
import { fleetTokens, type FleetTokens } from '@/lib/metrics/tokens';
import type { TimeWindow } from '@/lib/time/window';

/** A request distribution: weighted mean and percentiles from the fixed log-scale histogram. */
export interface Distribution {
  mean: Figure<number | null>;
  p50: Figure<number | null>;
  p90: Figure<number | null>;
  p99: Figure<number | null>;
}

/** The fleet figures of docs/design.md "Metric definitions" over one window, each with its source. */
export interface FleetSummary {
  window: TimeWindow;
  nodes: {
    avg: Figure;
    peak: Figure;
    nodeHours: Figure;
    gpuHours: Figure;
    nodeHoursByState: Record<NodeState, number>;
    gpuHoursByState: Record<NodeState, number>;
  };
  tokens: {
    input: Figure;
    cached: Figure;
    output: Figure;
    cacheHitRatio: Figure<number | null>;
    detail: FleetTokens;
  };
  throughput: {
    /** Input tokens (cache hits included) ÷ prefill node-seconds. */
    prefillPerNode: Figure<number | null>;
    /** Output tokens ÷ decode node-seconds. */
    decodePerNode: Figure<number | null>;
  };
  kv: {
    /** Σ w·(O·I + O·(O−1)/2) ÷ Σ w·O over requests. */
    avgLengthPerOutputToken: Figure<number | null>;
  };
  /** (O − 1) ÷ (finished_at − first_token_at), tokens/s, weighted by sample_weight. */
  outputSpeed: Distribution;
  /** first_token_at − arrived_at, milliseconds. */
  ttftMs: Distribution;
}

/** Node figures come from node events, or from GPU samples for nodes without events. */
function nodeSource(data: FleetData): { source: FigureSource; coverage: number | null } {
  let events = 0;
  let all = 0;
  for (const i of data.intervals) {
    if (!isServingState(i.state)) continue;
    const ms = Math.min(i.end, data.window.end) - Math.max(i.start, data.window.start);
    all += ms;
    if (i.origin === 'node_events') events += ms;
  }
  const coverage = ratio(events, all);
  const source = coverage === null || coverage === 1 ? 'node_events' : coverage === 0 ? 'gpu_samples' : 'mixed';
  return { source, coverage };
}

function distribution(mean: number | null, bins: FleetData['ttftBins'], coverage: number | null): Distribution {
  const figure = (value: number | null): Figure<number | null> => ({ value, source: 'requests', coverage });
  return {
    mean: figure(mean),
    p50: figure(histogramQuantile(bins, 0.5)),
    p90: figure(histogramQuantile(bins, 0.9)),
    p99: figure(histogramQuantile(bins, 0.99)),
  };
}

/** The fleet figures of a window from its data (pure: see loadFleetData). */
export function summariseFleet(data: FleetData): FleetSummary {
  const occupancy = nodeOccupancy(data.intervals, data.window);
  const nodeProvenance = nodeSource(data);
  const nodeFigure = (value: number): Figure => ({ value, ...nodeProvenance });
  const tokenSeconds = data.counters.reduce((sum, c) => sum + c.tokenSeconds, 0);
  const tokens = fleetTokens(data.counters, data.requests, judgedServingGpuSeconds(data.intervals, data.window, data.dataThrough, tokenSeconds));
  const tokenFigure = <T>(value: T): Figure<T> => ({ value, source: tokens.source, coverage: tokens.coverage });
  const requestFigure = <T>(value: T): Figure<T> => ({ value, source: 'requests', coverage: tokens.coverage });
  const nodeSeconds = servingNodeSeconds(occupancy);
  const sum = (key: 'kvEntries' | 'outputTokens' | 'speedSum' | 'speedWeight' | 'ttftMsSum' | 'ttftWeight') =>
    data.requests.reduce((total, r) => total + r[key], 0);
  return {
    window: data.window,
    nodes: {
      avg: nodeFigure(occupancy.avgNodes),
      peak: nodeFigure(occupancy.peakNodes),
      nodeHours: nodeFigure(occupancy.nodeHours),
      gpuHours: nodeFigure(occupancy.gpuHours),
      nodeHoursByState: occupancy.nodeHoursByState,
      gpuHoursByState: occupancy.gpuHoursByState,
    },
    tokens: {
      input: tokenFigure(tokens.inputTokens),
      cached: tokenFigure(tokens.cachedTokens),
      output: tokenFigure(tokens.outputTokens),
      cacheHitRatio: lacksCache(data.missing)
        ? { ...tokenFigure(null), absent: 'no data', note: 'the inputs carry no prefix-cache information' }
        : tokenFigure(ratio(tokens.cachedTokens, tokens.inputTokens)),
      detail: tokens,
    },
    throughput: {
      prefillPerNode: tokenFigure(ratio(tokens.inputTokens, nodeSeconds.prefill)),
      decodePerNode: tokenFigure(ratio(tokens.outputTokens, nodeSeconds.decode)),
    },
    kv: { avgLengthPerOutputToken: requestFigure(ratio(sum('kvEntries'), sum('outputTokens'))) },
    outputSpeed: distribution(ratio(sum('speedSum'), sum('speedWeight')), data.outputSpeedBins, tokens.coverage),
    ttftMs: distribution(ratio(sum('ttftMsSum'), sum('ttftWeight')), data.ttftBins, tokens.coverage),
  };
}

/** The fleet figures over `window` (whole minutes), read from the rollups. */
export async function getFleetSummary(db: { pool: pg.Pool }, window: TimeWindow): Promise<FleetSummary> {
  return summariseFleet(await loadFleetData(db.pool, window));
}
