import { inForceAt } from '@/lib/finance/effective';
import type { WhatIfBase } from '@/lib/finance/whatIf';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import type { DailyReport } from './types';

/** The what-if panel's starting point: the day's report and the reference price book in force. */
export function whatIfBase(report: DailyReport, pricing: PricingConfig): WhatIfBase {
  const start = Date.parse(report.window.start);
  const book = inForceAt(pricing.priceBooks.filter((b) => b.model === pricing.referenceModel), start);
  const prices = book?.usdPerMillionTokens ?? { cacheHitInput: '0', cacheMissInput: '0', output: '0' };
  const pricedGpuHours = report.nodes.gpuHours - report.cost.unpricedGpuHours;
  return {
    hourly: report.hourly.map((h) => ({ hours: (Date.parse(h.end) - Date.parse(h.start)) / 3_600_000, nodes: h.nodes })),
    gpusPerNode: report.nodes.nodeHours ? report.nodes.gpuHours / report.nodes.nodeHours : 8,
    // The day's average rate over its priced GPU-hours (one rate card: that rate).
    usdPerGpuHour: pricedGpuHours > 0 ? (report.cost.total / pricedGpuHours).toFixed(4).replace(/\.?0+$/, '') : '0',
    tokens: { input: report.tokens.input, cached: report.tokens.cached, output: report.tokens.output },
    prices: { cacheHitInput: String(prices.cacheHitInput), cacheMissInput: String(prices.cacheMissInput), output: String(prices.output) },
    theoreticalRevenue: report.revenue.theoretical,
    actualRevenue: report.revenue.actual,
  };
}
