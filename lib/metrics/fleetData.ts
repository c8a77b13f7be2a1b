import { missingFields, type MissingInput } from '@/lib/metrics/missingFields';
import { getWindowInputs } from '@/lib/metrics/queries/getWindowInputs';
import type pg from 'pg';
import { energyTotals, type EnergyTotals } from '@/lib/metrics/energy';
import { getCounterTotals, type CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import { getHistogram, type HistogramBin } from '@/lib/metrics/queries/getHistogram';
import { getNodeEnergySteps } from '@/lib/metrics/queries/getNodeEnergySteps';
import { getNodeIntervals, type NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import { getRequestAggregates, type RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import { assertMinuteWindow, cutSteps, singleStep } from '@/lib/metrics/steps';
import { MINUTE_MS, type TimeWindow } from '@/lib/time/window';

/** Everything the fleet figures of a window are computed from, read once (minute steps, so
 *  revenue can be priced per minute and hours summed exactly). */
export interface FleetData {
  window: TimeWindow;
  intervals: NodeInterval[];
  /** Per minute and role. */
  counters: CounterTotals[];
  /** Per minute, model and source. */
  requests: RequestAggregate[];
  outputSpeedBins: HistogramBin[];
  ttftBins: HistogramBin[];
  /** Per node and role, over the window cut at `energyCuts` (electricity rate changes). */
  energy: EnergyTotals[];
  /** The start of the newest minute of data, when the window runs past it: counter completeness is judged up to there (lib/metrics/views/fleetTokens.ts). */
  dataThrough?: number;
  /** Measurements none of the window's inputs carry (shown as no data, not 0). */
  missing?: MissingInput[];
}

export const FLEET_STEP_MS = MINUTE_MS;

/**
 * Reads a window's fleet data. `histogramStepMs` steps the histograms too (default: one step
 * for the window), so that sub-windows can be sliced out of one read (see sliceFleetData);
 * energy is read in pieces cut at `energyCuts` (rate changes, and day starts for such reads).
 */
export async function loadFleetData(pool: pg.Pool, window: TimeWindow, histogramStepMs?: number, energyCuts: number[] = []): Promise<FleetData> {
  assertMinuteWindow(window);
  const energySteps = cutSteps(singleStep(window), energyCuts);
  const [intervals, counters, requests, outputSpeedBins, ttftBins, energy, inputs] = await Promise.all([
    getNodeIntervals(pool, window),
    getCounterTotals(pool, window, FLEET_STEP_MS),
    getRequestAggregates(pool, window, FLEET_STEP_MS),
    getHistogram(pool, window, 'outputSpeed', histogramStepMs),
    getHistogram(pool, window, 'ttftMs', histogramStepMs),
    getNodeEnergySteps(pool, energySteps, {}),
    getWindowInputs(pool, window),
  ]);
  return { window, intervals, counters, requests, outputSpeedBins, ttftBins, energy: energyTotals(energy, energySteps), missing: missingFields(inputs) };
}

/** The part of `data` inside `window` (whole steps of it): one read serves many days. */
export function sliceFleetData(data: FleetData, window: TimeWindow): FleetData {
  assertMinuteWindow(window);
  const inside = <T extends { at: number }>(rows: T[]) => rows.filter((r) => r.at >= window.start && r.at < window.end);
  return {
    window,
    intervals: data.intervals.filter((i) => i.end > window.start && i.start < window.end),
    counters: inside(data.counters),
    requests: inside(data.requests),
    outputSpeedBins: inside(data.outputSpeedBins),
    ttftBins: inside(data.ttftBins),
    energy: inside(data.energy),
    missing: data.missing,
  };
}
