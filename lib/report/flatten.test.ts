import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import type { FleetData } from '@/lib/metrics/fleetData';
import { buildDailyReport } from './build';
import { diffReports, flattenReport, restatementChanges } from './flatten';
import type { DailyReport } from './types';

const H = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');
const data = (output: number): FleetData => ({
  window: { start: T0, end: T0 + 2 * H },
  intervals: [{ origin: 'node_events', node: 'n', state: 'decode', gpuType: 'H800', gpuCount: 8, start: T0, end: T0 + 2 * H }],
  counters: [],
  requests: [{ at: T0 + H, model: 'deepseek-r1', source: 'api', requests: 1, inputTokens: 0, cachedTokens: 0, outputTokens: output, kvEntries: 0, speedSum: 0, speedWeight: 0, ttftMsSum: 0, ttftWeight: 0 }],
  outputSpeedBins: [],
  ttftBins: [],
  energy: [],
});
const report = (output: number): DailyReport => ({
  ...buildDailyReport(data(output), DEFAULT_PRICING, { date: '2025-03-01', timeZone: 'UTC', dayStart: '00:00' }), status: 'open', version: null,
});

test('figures are named by their JSON path; hours and usage rows by what they are about', () => {
  const figures = new Map(flattenReport(report(1e6)));
  assert.equal(figures.get('cost.total'), 32);
  assert.equal(figures.get('revenue.actual'), 2.19);
  assert.equal(figures.get('hourly.2025-03-01T01:00:00.000Z.actualRevenue'), 2.19);
  assert.equal(figures.get('usage.deepseek-r1/api.output'), 1e6);
  assert.equal(figures.get('revenue.billableSources'), 'api');
  assert.equal(figures.has('status'), false);
});

test('a diff lists exactly the figures that moved, with the change', () => {
  const changes = diffReports(report(1e6), report(2e6));
  const byFigure = new Map(changes.map((c) => [c.figure, c]));
  assert.deepEqual(byFigure.get('revenue.actual'), { figure: 'revenue.actual', before: 2.19, after: 4.38, delta: 2.19 });
  assert.ok(byFigure.has('hourly.2025-03-01T01:00:00.000Z.actualRevenue'));
  assert.equal(byFigure.has('cost.total'), false);
  assert.deepEqual(diffReports(report(1e6), report(1e6)), []);
});

test('a version closed before the energy section is not restated for it alone; a real change brings it along', () => {
  const { energy: _energy, ...older } = report(1e6);
  assert.ok(report(1e6).energy);
  assert.deepEqual(restatementChanges(older, report(1e6)), []);
  const changes = restatementChanges(older, report(2e6)).map((c) => c.figure);
  assert.ok(changes.includes('revenue.actual'));
  assert.ok(changes.includes('energy.unpricedKwh'));
  assert.deepEqual(restatementChanges(report(1e6), report(1e6)), []);
});

test('a change of the pricing assumptions alone restates nothing; with a figure it is listed', () => {
  const withBook = (output: number): DailyReport => {
    const r = report(output);
    const pricing = r.pricing;
    assert.ok(pricing);
    return { ...r, pricing: { ...pricing, priceBooks: [...pricing.priceBooks, { model: 'unused', cacheHitInput: '1', cacheMissInput: '1', output: '1', from: '2025-01-01T00:00:00.000Z', to: null }] } };
  };
  assert.deepEqual(restatementChanges(report(1e6), withBook(1e6)), []);
  const changes = restatementChanges(report(1e6), withBook(2e6)).map((c) => c.figure);
  assert.ok(changes.includes('revenue.actual'));
  assert.ok(changes.includes('pricing.priceBooks.unused@2025-01-01T00:00:00.000Z.output'));
  const { pricing: _pricing, ...older } = report(1e6);
  assert.deepEqual(restatementChanges(older, report(1e6)), []);
});
