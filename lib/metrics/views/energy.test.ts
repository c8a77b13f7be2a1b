import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeEnergyStep } from '@/lib/metrics/rows';
import { cutSteps, makeSteps } from '@/lib/metrics/steps';
import { energyByNodeDay, energyChart, energyFigures, energyTable } from './energy';

const H = 3_600_000;
const KWH = 3_600_000; // joules
// Two days from 06:00 Asia/Kolkata (00:30Z), with an electricity rate change at 06:00Z on the first.
const T0 = Date.parse('2025-03-05T00:30:00Z');
const days = makeSteps({ start: T0, end: T0 + 48 * H }, '1d', 'Asia/Kolkata', '06:00');
const RATE_CHANGE = T0 + 5.5 * H;
const steps = cutSteps(days, [RATE_CHANGE]);
const row = (step: number, node: string, kwh: number, gpuSeconds = 3600): NodeEnergyStep => ({ step, node, role: 'decode', energyJ: kwh * KWH, gpuSeconds });

// Steps: 0 = day 1 before the change, 1 = day 1 after it, 2 = day 2.
const rows = [
  row(0, 'a', 1), row(1, 'a', 2), row(2, 'a', 4),
  row(0, 'b', 0.5), row(2, 'b', 0), // b's samples on day 2 carry no power
  row(0, 'c', 0), row(2, 'c', 0), // c never reports power
];

test('kWh per node and day: cut steps add up per day, unmeasured cells are empty with the reason, totals per day', () => {
  const e = energyByNodeDay(rows, steps, days, '06:00', ['a', 's']);
  assert.deepEqual(e.days, ['2025-03-05', '2025-03-06']);
  assert.deepEqual(e.rows.map((r) => [r.node, r.kwhByDay, r.total, r.missing]), [
    ['a', [3, 4], 7, null],
    ['b', [0.5, null], 0.5, 'no power or energy samples on 2025-03-06'],
    ['c', [null, null], null, 'no power or energy samples'],
    ['s', [null, null], null, 'no GPU samples in the window'], // serving, never reported
  ]);
  assert.deepEqual([e.total.kwhByDay, e.total.total], [[3.5, 4], 7.5]);
  assert.deepEqual(e.unmeasured, ['c']);
  const table = energyTable(e);
  assert.deepEqual(table.columns.map((c) => c.label), ['Node', '2025-03-05', '2025-03-06', 'Total', 'No data because']);
  assert.deepEqual(table.rows.at(-1), { node: 'All nodes', '2025-03-05': 3.5, '2025-03-06': 4, total: 7.5, missing: null });
});

test('energy figures: priced per rate period, unpriced without a rate, no data without measurements', () => {
  const rates = [{ usdPerKwh: '0.2', effectiveFrom: RATE_CHANGE, effectiveTo: null }];
  const partly = energyFigures(rows, steps, rates);
  assert.equal(partly['energy.kwh'].value, 7.5);
  assert.equal(partly['energy.cost'].value, 1.2); // 6 kWh after the change at $0.20
  assert.equal(partly['energy.cost'].note, '1.50 kWh outside any electricity rate: unpriced');
  assert.equal(partly['energy.kwh'].coverage, 4 / 7); // 4 of the 7 reported GPU-hours carried power
  const none = energyFigures(rows, steps, []);
  assert.deepEqual([none['energy.cost'].value, none['energy.cost'].absent], [null, 'unpriced']);
  assert.equal(none['energy.kwh'].note, 'energy cost unpriced: no electricity rate in force');
  const dark = energyFigures([row(0, 'c', 0)], steps, rates);
  assert.deepEqual([dark['energy.kwh'].value, dark['energy.kwh'].absent, dark['energy.cost'].absent], [null, 'no data', 'no data']);
});

test('the energy chart stacks kWh per role and step, with no bar where nothing was measured', () => {
  const chart = energyChart([{ step: 0, role: 'decode', energyJ: 2 * KWH, gpuSeconds: 1 }, { step: 1, role: 'decode', energyJ: 0, gpuSeconds: 1 }], days);
  assert.deepEqual(chart.series.find((s) => s.key === 'decode')?.points.map((p) => p.y), [2, null]);
  assert.deepEqual(chart.series.find((s) => s.key === 'prefill')?.points.map((p) => p.y), [null, null]);
});

test('a range longer than a month has a column only for the days with data; a month has every day', () => {
  const long = makeSteps({ start: T0, end: T0 + 400 * 24 * H }, '1d', 'Asia/Kolkata', '06:00');
  const e = energyByNodeDay([row(0, 'a', 1), row(200, 'a', 2), row(200, 'b', 0)], long, long, '06:00', ['a', 'b', 's']);
  assert.deepEqual(e.days, ['2025-03-05', '2025-09-21']);
  assert.deepEqual(e.rows.map((r) => [r.node, r.kwhByDay, r.total, r.missing]), [
    ['a', [1, 2], 3, null],
    ['b', [null, null], null, 'no power or energy samples'],
    ['s', [null, null], null, 'no GPU samples in the window'],
  ]);
  assert.deepEqual([e.total.kwhByDay, e.total.total], [[1, 2], 3]);
  const month = makeSteps({ start: T0, end: T0 + 31 * 24 * H }, '1d', 'Asia/Kolkata', '06:00');
  assert.equal(energyByNodeDay([row(0, 'a', 1)], month, month, '06:00', ['a']).days.length, 31);
});
