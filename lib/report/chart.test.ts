import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareCostIncomeChart } from './chart';

test('the chart gets one point per hour: cost, theoretical and actual income', () => {
  const hour = { nodes: 278, theoreticalMargin: null, actualMargin: null };
  const series = prepareCostIncomeChart(
    [
      { ...hour, start: '2025-02-27T04:00:00.000Z', end: '2025-02-27T05:00:00.000Z', cost: 4448, theoreticalRevenue: 29000.5, actualRevenue: 9000 },
      { ...hour, start: '2025-02-27T05:00:00.000Z', end: '2025-02-27T06:00:00.000Z', cost: 4448, theoreticalRevenue: 30000, actualRevenue: 9100.01 },
    ],
    'Asia/Shanghai',
  );
  assert.equal(series.timeZone, 'Asia/Shanghai');
  assert.deepEqual(series.points, [
    { x: Date.parse('2025-02-27T04:00:00Z'), cost: 4448, theoretical: 29000.5, actual: 9000 },
    { x: Date.parse('2025-02-27T05:00:00Z'), cost: 4448, theoretical: 30000, actual: 9100.01 },
  ]);
});
