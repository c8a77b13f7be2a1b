import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { isOutputFormat, recordWriter } from './formats';
import { small } from './profiles/small';
import { recordToJsonLine } from './serialize';
import { simulate } from './simulate';
import { writeRecords } from './write';

const window = { start: small.window.start, end: small.window.start + 5 * 60_000 };
const records = [...simulate(small, { seed: 1, scale: 0.05, window })];

async function written(format: 'canonical' | 'prometheus' | 'otlp') {
  const sink = new PassThrough();
  const parts: Buffer[] = [];
  sink.on('data', (b: Buffer) => parts.push(b));
  const summary = await writeRecords(records, sink, recordWriter(format, small, 10));
  return { summary, text: Buffer.concat(parts).toString('utf8') };
}

test('the formats by name', () => {
  assert.deepEqual(['canonical', 'prometheus', 'otlp', 'csv'].map(isOutputFormat), [true, true, true, false]);
  assert.throws(() => recordWriter('prometheus', small, 900), /at most 300 s apart/);
});

test('canonical writes every record as before; the other formats count what they leave out', async () => {
  const canonical = await written('canonical');
  assert.equal(canonical.text, records.map((r) => `${recordToJsonLine(r)}\n`).join(''));
  assert.deepEqual(canonical.summary.leftOut, { request: 0, gpu_sample: 0, node_event: 0, expert_load: 0 });
  const counts = canonical.summary.records;
  assert.deepEqual([counts.gpu_sample, counts.node_event, counts.expert_load], [30 * 40, 5, 0]);

  const prometheus = await written('prometheus');
  assert.deepEqual(prometheus.summary.records, { request: 0, gpu_sample: counts.gpu_sample, node_event: 5, expert_load: 0 });
  assert.deepEqual(prometheus.summary.leftOut, { request: counts.request, gpu_sample: 0, node_event: 0, expert_load: 0 });
  assert.equal(prometheus.summary.bytes, Buffer.byteLength(prometheus.text));
  // 31 scrapes (the opening one at 00:00 and one per 10 s), each with the 40 GPUs' dcgm-exporter energy counter.
  assert.equal(prometheus.text.match(/^DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION\{/gm)?.length, 31 * 40);

  const otlp = await written('otlp');
  assert.deepEqual(otlp.summary.records, { request: counts.request, gpu_sample: 0, node_event: 0, expert_load: 0 });
  assert.equal(otlp.text.split('\n').filter(Boolean).length, Math.ceil(counts.request / 512));
});
