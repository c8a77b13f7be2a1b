import type { HourRow } from './types';

/** One bar group of DeepSeek's "Cost and Theoretical Income" chart: an hour of the day. */
export interface CostIncomePoint {
  /** Hour start, epoch ms (the chart's time axis). */
  x: number;
  cost: number;
  theoretical: number;
  actual: number;
}

export interface CostIncomeSeries {
  timeZone: string;
  points: CostIncomePoint[];
}

/** The chart's data from the report's hourly rows (pure: the chart component only draws it). */
export function prepareCostIncomeChart(hourly: HourRow[], timeZone: string): CostIncomeSeries {
  return {
    timeZone,
    points: hourly.map((h) => ({ x: Date.parse(h.start), cost: h.cost, theoretical: h.theoreticalRevenue, actual: h.actualRevenue })),
  };
}
