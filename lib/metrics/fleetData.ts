import type pg from 'pg';
import { getCounterTotals, type CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import { getHistogram, type HistogramBin } from '@/lib/metrics/queries/getHistogram';
import { getNodeIntervals, type NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import { getRequestAggregates, type RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import { MINUTE_MS, assertWindow, type TimeWindow } from '@/lib/time/window';

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
}

export const FLEET_STEP_MS = MINUTE_MS;

/** Windows align to whole minutes (the rollups' buckets). */
export function assertMinuteWindow(window: TimeWindow): void {
  assertWindow(window);
  if (window.start % MINUTE_MS !== 0 || window.end % MINUTE_MS !== 0) {
    throw new RangeError('a fleet window must start and end on whole minutes');
  }
}

export async function loadFleetData(pool: pg.Pool, window: TimeWindow): Promise<FleetData> {
  assertMinuteWindow(window);
  const [intervals, counters, requests, outputSpeedBins, ttftBins] = await Promise.all([
    getNodeIntervals(pool, window),
    getCounterTotals(pool, window, FLEET_STEP_MS),
    getRequestAggregates(pool, window, FLEET_STEP_MS),
    getHistogram(pool, window, 'outputSpeed'),
    getHistogram(pool, window, 'ttftMs'),
  ]);
  return { window, intervals, counters, requests, outputSpeedBins, ttftBins };
}
