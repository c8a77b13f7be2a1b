import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { costProfitMargin } from '@/lib/finance/margin';
import { apportionCents, usd } from '@/lib/finance/money';
import { tokenRevenue } from '@/lib/finance/priceBook';
import { gpuCost, type NodeStateInterval } from '@/lib/finance/rateCard';
import { dayWindow } from '@/lib/time/day';

// DeepSeek's published node-count curve for 2025-02-27 12:00 → 02-28 12:00 (UTC+8), docs/design.md "The reference day".
const CURVE: [string, number][] = [
  ['2025-02-27T12:00', 278], ['2025-02-28T00:00', 218], ['2025-02-28T01:15', 188], ['2025-02-28T02:00', 158],
  ['2025-02-28T02:45', 128], ['2025-02-28T03:00', 98], ['2025-02-28T03:30', 68], ['2025-02-28T06:30', 98],
  ['2025-02-28T07:00', 128], ['2025-02-28T07:30', 188], ['2025-02-28T08:00', 218], ['2025-02-28T08:30', 278],
  ['2025-02-28T12:00', 0],
];
const at = (local: string) => Date.parse(`${local}:00+08:00`);

/** Node k serves while the curve is above k and is lent out to research otherwise. */
function curveIntervals(): NodeStateInterval[] {
  const intervals: NodeStateInterval[] = [];
  for (let i = 0; i + 1 < CURVE.length; i++) {
    const [start, count] = CURVE[i];
    for (let k = 0; k < 278; k++) {
      intervals.push({
        node: `node-${k}`, state: k < count ? 'decode' : 'other', gpuType: 'H800', gpuCount: 8,
        start: at(start), end: at(CURVE[i + 1][0]),
      });
    }
  }
  return intervals;
}

test('the seed day costs $87,072.00: 226.75 average nodes × 8 GPUs × 24 h × $2', () => {
  const day = dayWindow('2025-02-27', 'Asia/Shanghai', '12:00');
  const cost = gpuCost(curveIntervals(), DEFAULT_PRICING.rateCards, day);
  assert.equal(cost.total.gpuHours / 8 / 24, 226.75);
  const { parts, total } = apportionCents(cost.hours.map((h) => h.cost));
  assert.equal(total.toFixed(2), '87072.00');
  assert.equal(parts.reduce((a, b) => a.plus(b)).toFixed(2), '87072.00');
  // 278 nodes × 8 GPUs × $2 in each full hour at peak: 12:00–24:00 and 09:00–12:00.
  const peakHours = [...parts.slice(0, 12), ...parts.slice(21)].map((p) => p.toFixed(2));
  assert.deepEqual(peakHours, new Array(15).fill('4448.00'));
  // 01:00–02:00: a quarter hour at 218 nodes, three quarters at 188 → 195.5 nodes × $16.
  assert.equal(parts[13].toFixed(2), '3128.00');
});

test('the seed day at R1 list price is within 0.1% of the published $562,027', () => {
  const theoretical = tokenRevenue(
    { inputTokens: 608e9, cachedTokens: 342e9, outputTokens: 168e9 },
    DEFAULT_PRICING.priceBooks[0].usdPerMillionTokens,
  );
  const published = usd('562027');
  assert.ok(theoretical.minus(published).abs().dividedBy(published).lessThan('0.001'), theoretical.toString());
});

test('cost profit margin is a fraction: the seed day is 545%', () => {
  assert.equal(costProfitMargin(usd('562027'), usd('87072'))?.toFixed(2), '5.45');
  assert.equal(costProfitMargin(usd('50'), usd('100'))?.toString(), '-0.5');
  assert.equal(costProfitMargin(usd('50'), usd('0')), null);
});
