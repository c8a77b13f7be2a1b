import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { offPeakDiscount, priceBookFor } from '@/lib/finance/priceBook';
import { localTimeRangeCoverage } from '@/lib/time/localTime';
import { pricingSteps } from './pricingSteps';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString().slice(11, 16);

test("DeepSeek's discount, 16:30–00:30 UTC, cuts each day in two", () => {
  const window = { start: at('2025-02-27T00:00:00Z'), end: at('2025-03-01T00:00:00Z') };
  const steps = pricingSteps(DEFAULT_PRICING, window, 30 * 60_000);
  assert.deepEqual(steps.edges.map(iso), ['00:00', '00:30', '16:30', '00:30', '16:30', '00:00']);
  // Every step prices as its first minute: no price book changes and no off-peak edge inside it.
  for (let i = 0; i + 1 < steps.edges.length; i++) {
    const step = { start: steps.edges[i], end: steps.edges[i + 1] };
    for (const w of DEFAULT_PRICING.offPeakWindows) assert.notEqual(localTimeRangeCoverage(step, w), 'mixed');
    for (const model of ['deepseek-r1', 'deepseek-v3']) {
      assert.equal(priceBookFor(DEFAULT_PRICING, model, step), priceBookFor(DEFAULT_PRICING, model, { start: step.start, end: step.start + 60_000 }));
      assert.equal(offPeakDiscount(DEFAULT_PRICING, model, step).toString(), offPeakDiscount(DEFAULT_PRICING, model, { start: step.start, end: step.start + 60_000 }).toString());
    }
  }
});

test('without off-peak windows or price changes the window is one step', () => {
  const window = { start: at('2025-02-27T00:00:00Z'), end: at('2025-02-27T00:00:00Z') + 30 * 24 * HOUR };
  const steps = pricingSteps({ ...DEFAULT_PRICING, offPeakWindows: [] }, window, 60 * 60_000);
  assert.equal(steps.edges.length, DEFAULT_PRICING.priceBooks.some((b) => b.effectiveFrom > window.start && b.effectiveFrom < window.end) ? 3 : 2);
});

test('a local off-peak edge a clock change skips falls back to the grid', () => {
  // 02:30 Europe/Berlin does not exist on 2025-03-30: the edge is the change itself.
  const pricing = { ...DEFAULT_PRICING, offPeakWindows: [{ ...DEFAULT_PRICING.offPeakWindows[0], from: '02:30', to: '05:00', timeZone: 'Europe/Berlin' }] };
  const window = { start: at('2025-03-29T00:00:00Z'), end: at('2025-03-31T00:00:00Z') };
  const steps = pricingSteps(pricing, window, 30 * 60_000);
  for (let i = 0; i + 1 < steps.edges.length; i++) {
    assert.notEqual(localTimeRangeCoverage({ start: steps.edges[i], end: steps.edges[i + 1] }, pricing.offPeakWindows[0]), 'mixed');
  }
});
