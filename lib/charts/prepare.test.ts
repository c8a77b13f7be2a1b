import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Chart } from '@/lib/metrics/views/types';
import { heatColor, prepareChart } from './prepare';
import { writeCsv } from '@/lib/csv/writeCsv';
import { chartTable, viewTable } from './table';

const line: Chart = {
  id: 'tokens', title: 'Tokens/s', unit: 'tokens/s', x: 'time', kind: 'line',
  series: [
    { key: 'input', label: 'Input', points: [{ x: 1000, y: 5 }, { x: 2000, y: null }] },
    { key: 'output', label: 'Output, decode', points: [{ x: 2000, y: 7 }] },
  ],
};

test('series become datasets with colours; empty charts say so', () => {
  const p = prepareChart(line);
  assert.equal(p.type, 'line');
  assert.equal(p.xScale, 'time');
  assert.deepEqual(p.datasets.map((d) => [d.label, d.data.length, d.stepped]), [['Input', 2, false], ['Output, decode', 1, false]]);
  assert.notEqual(p.datasets[0].color, p.datasets[1].color);
  assert.equal(p.empty, false);
  assert.equal(prepareChart({ ...line, series: [{ key: 'a', label: 'a', points: [{ x: 1, y: null }] }] }).empty, true);
  const step = prepareChart({ ...line, kind: 'step', stacked: true, series: [{ key: 'decode', label: 'decode', points: [{ x: 1, y: 2 }] }] });
  assert.deepEqual([step.datasets[0].stepped, step.datasets[0].fill, step.datasets[0].color], [true, 'origin', '#2f8f5b']);
  assert.equal(prepareChart({ ...line, x: 'log', kind: 'bar' }).xScale, 'logarithmic');
});

// Nodes by state of the demo day (change points, as the nodes view gives them).
const nodeStates: Chart = {
  id: 'node-count', title: 'Nodes by state', unit: 'nodes', x: 'time', kind: 'step', stacked: true,
  series: [
    { key: 'prefill', label: 'prefill', points: [{ x: 0, y: 116 }, { x: 1, y: 92 }, { x: 2, y: 116 }] },
    { key: 'decode', label: 'decode', points: [{ x: 0, y: 162 }, { x: 1, y: 126 }, { x: 2, y: 162 }] },
    { key: 'idle', label: 'idle', points: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 0 }] },
    { key: 'other', label: 'other', points: [{ x: 0, y: 0 }, { x: 1, y: 60 }, { x: 2, y: 0 }] },
  ],
};

/** The band each dataset of a prepared stacked chart covers at point j, as chart.js fills it. */
function bands(p: ReturnType<typeof prepareChart>, j: number): [number, number][] {
  const out: [number, number][] = [];
  let below = 0;
  for (const d of p.datasets) {
    const top = below + (d.data[j].y ?? 0);
    const base = d.fill === 'origin' ? 0 : d.fill === 'previous' ? below : top;
    out.push([base, top]);
    below = top;
  }
  return out;
}

test('a stacked step chart fills each band from the series below it, so the bands are its table', () => {
  const p = prepareChart(nodeStates);
  assert.deepEqual(p.datasets.map((d) => d.fill), ['origin', 'previous', 'previous', 'previous']);
  const table = chartTable(nodeStates, String);
  table.rows.forEach((row, j) => {
    const heights = bands(p, j).map(([base, top]) => top - base);
    assert.deepEqual(heights, row.slice(1), `step ${j}`);
  });
});

test('a heatmap becomes one cell per GPU and column, coloured around the mean', () => {
  const p = prepareChart({
    id: 'h', title: 'h', unit: '× mean', x: 'time', kind: 'heatmap', series: [],
    heatmap: { rows: ['n/0', 'n/1'], columns: [0, 600_000], values: [[1.5, null], [0.5, 1]] },
  });
  assert.equal(p.type, 'matrix');
  assert.deepEqual(p.heatmap?.cells.map((c) => [c.y, c.x, c.v]), [['n/0', 0, 1.5], ['n/0', 600_000, null], ['n/1', 0, 0.5], ['n/1', 600_000, 1]]);
  assert.equal(p.heatmap?.max, 1.5);
  assert.equal(heatColor(1.5, 1, 1.5), 'rgba(192,57,43,1.000)');
  assert.equal(heatColor(1, 1, 1.5), 'rgba(192,57,43,0.080)');
  assert.equal(heatColor(0.5, 1, 1.5), 'rgba(11,87,176,0.540)');
  assert.equal(heatColor(null, 1, 1.5), 'rgba(0,0,0,0.04)');
});

test('a chart as a table has one row per x and one column per series; CSV quotes what it must', () => {
  const t = chartTable(line, (x) => `t${x}`);
  assert.deepEqual(t, { columns: ['time', 'Input', 'Output, decode'], rows: [['t1000', 5, null], ['t2000', null, 7]] });
  assert.equal(writeCsv(t), 'time,Input,"Output, decode"\nt1000,5,\nt2000,,7\n');
  const heat = chartTable({ id: 'h', title: 'h', unit: '', x: 'time', kind: 'heatmap', series: [], heatmap: { rows: ['a'], columns: [0], values: [[2]] } }, () => 'c0');
  assert.deepEqual(heat, { columns: ['GPU', 'c0'], rows: [['a', 2]] });
  const v = viewTable({ id: 'x', title: 'x', columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B "q"' }], rows: [{ a: 1 }] });
  assert.equal(writeCsv(v), 'A,"B ""q"""\n1,\n');
});
