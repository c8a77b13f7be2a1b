import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingFields } from '@/lib/metrics/missingFields';
import { withMissingInputs } from './missingInputs';
import type { View } from './types';

const view: View = {
  view: 'cache', window: { start: '2023-11-16T00:00:00.000Z', end: '2023-11-17T00:00:00.000Z' }, step: '1h', timeZone: 'UTC', dayStart: '00:00',
  filters: { role: null, nodes: [], model: null },
  figures: {
    'tokens.cacheHitRatio': { value: 0, source: 'requests', coverage: null },
    'tokens.input': { value: 800, source: 'requests', coverage: null },
  },
  charts: [{ id: 'hit-ratio', title: 'Cache-hit ratio', unit: 'ratio', x: 'time', kind: 'line', series: [{ key: 'fleet', label: 'Fleet', points: [{ x: 0, y: 0 }] }] }],
  tables: [{ id: 'by-model-source', title: 't', columns: [{ key: 'input', label: 'Input' }, { key: 'hitRatio', label: 'Hit ratio' }], rows: [{ input: 800, hitRatio: 0 }] }],
  notes: [],
};

test('a window fed only by formats without cache information shows the cache as no data, and why', () => {
  const missing = missingFields([{ source: 'trace', formats: ['azure-llm-inference'] }]);
  assert.deepEqual(missing.map((m) => m.field), ['cache']);
  const out = withMissingInputs(view, missing);
  assert.equal(out.figures['tokens.cacheHitRatio'].value, null);
  assert.equal(out.figures['tokens.cacheHitRatio'].absent, 'no data');
  assert.match(out.figures['tokens.cacheHitRatio'].note ?? '', /azure-llm-inference files carry no prefix-cache information/);
  assert.equal(out.figures['tokens.input'].value, 800);
  assert.equal(out.charts[0].series[0].points[0].y, null);
  assert.deepEqual(out.tables[0].rows[0], { input: 800, hitRatio: null });
});

test('one input that carries the cache is enough for its figures to stand', () => {
  assert.deepEqual(missingFields([{ source: 'trace', formats: ['azure-llm-inference', 'mooncake'] }]), []);
  assert.deepEqual(missingFields([{ source: 'trace', formats: ['burstgpt'] }, { source: 'canonical', formats: ['jsonl'] }]), []);
  assert.deepEqual(missingFields([]), []);
});
