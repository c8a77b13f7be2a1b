import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteWriteDecoder } from '@/lib/ingest/remoteWrite/decode';
import { SeriesCache, type CachedSeries } from '@/lib/ingest/remoteWrite/series';
import { compress, encodeV1 } from '@/lib/ingest/remoteWrite/testing';

const entry = (name: string, key: Buffer): CachedSeries => ({
  series: { name, labels: {}, type: 'unknown', family: name, key: name, created: null },
  generation: 0,
  request: -1,
  key,
});

test('keys whose hashes collide are told apart by their bytes', () => {
  const cache = new SeriesCache(10);
  const a = Buffer.from('job="a"');
  const b = Buffer.from('job="b"');
  cache.set(7, entry('a', a));
  cache.set(7, entry('b', b));
  assert.equal(cache.get(7, b, 0, b.length)?.series.name, 'b');
  assert.equal(cache.get(7, a, 0, a.length)?.series.name, 'a');
  assert.equal(cache.get(7, Buffer.from('job="c"'), 0, 7), undefined);
});

test('a bounded cache keeps the series still being sent as the same objects', () => {
  const decoder = new RemoteWriteDecoder({ maxCachedSeries: 2 });
  const request = (t: number) => compress(encodeV1({
    timeseries: ['a', 'b', 'c'].map((job) => ({ labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: job }], samples: [{ value: 1, timestamp: t }] })),
  }));
  const first = decoder.decode(request(1), null, null).samples.map((s) => s.series);
  for (let t = 2; t < 6; t++) {
    const out = decoder.decode(request(t), null, null);
    assert.equal(out.series, 3);
    out.samples.forEach((s, i) => assert.equal(s.series, first[i], `request ${t}, series ${i}`));
  }
});
