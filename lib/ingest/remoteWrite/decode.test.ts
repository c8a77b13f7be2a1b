import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seriesKey } from '@/lib/ingest/metrics/types';
import { decodeRemoteWrite, RemoteWriteDecoder } from '@/lib/ingest/remoteWrite/decode';
import { MalformedRemoteWrite, RemoteWriteError, RemoteWriteTooLarge, UnsupportedRemoteWrite } from '@/lib/ingest/remoteWrite/errors';
import { CONTENT_TYPE_V2 } from '@/lib/ingest/remoteWrite/media';
import { compress, encodeV1, encodeV2, SymbolTable, type WriteRequestObject } from '@/lib/ingest/remoteWrite/testing';

const T = Date.UTC(2025, 1, 27, 4, 0, 0);
const label = (name: string, value: string) => ({ name, value });
const dcgmLabels = (gpu: string) => [
  label('Hostname', 'decode-001'), label('__name__', 'DCGM_FI_DEV_GPU_UTIL'), label('gpu', gpu), label('instance', 'decode-001:9400'), label('job', 'dcgm-exporter'),
];
const promptLabels = [label('__name__', 'vllm:prompt_tokens_total'), label('engine', '0'), label('instance', 'decode-001:8000'), label('model_name', 'deepseek-v3')];

const v1 = (request: WriteRequestObject) => decodeRemoteWrite(compress(encodeV1(request)), 'application/x-protobuf', 'snappy');

/** The error `fn` throws, checked to be a RemoteWriteError of the given class and status. */
function refusal(fn: () => unknown, kind: new (message: string) => RemoteWriteError, status: number): RemoteWriteError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof kind, `expected ${kind.name}, got ${String(e)}`);
    assert.equal(e.status, status);
    return e;
  }
  assert.fail('expected a refusal');
}

test('1.0: samples with their series, types from the metadata, histograms and exemplars skipped and counted', () => {
  const out = v1({
    timeseries: [
      { labels: dcgmLabels('0'), samples: [{ value: 87.5, timestamp: T }, { value: 90, timestamp: T + 15_000 }] },
      { labels: promptLabels, samples: [{ value: 123_456, timestamp: T }], exemplars: [{ labels: [label('trace_id', '4bf92f3577b34da6')], value: 1, timestamp: T }] },
      { labels: [label('__name__', 'vllm:time_to_first_token_seconds'), label('instance', 'decode-001:8000')], histograms: [{ countInt: 3, sum: 0.42, schema: 3, timestamp: T }] },
    ],
    metadata: [
      { type: 2, metricFamilyName: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', unit: '' },
      // The 0.0.4 text format, which vLLM's prometheus_client serves, names a counter's family with _total.
      { type: 1, metricFamilyName: 'vllm:prompt_tokens_total', help: 'Number of prefill tokens processed.', unit: '' },
    ],
  });
  assert.equal(out.version, '1.0');
  assert.equal(out.series, 3);
  assert.equal(out.histogramsSkipped, 1);
  assert.equal(out.exemplarsSkipped, 1);
  assert.deepEqual(out.samples.map((s) => [s.series.name, s.ts, s.value, s.line]), [
    ['DCGM_FI_DEV_GPU_UTIL', T, 87.5, 0],
    ['DCGM_FI_DEV_GPU_UTIL', T + 15_000, 90, 0],
    ['vllm:prompt_tokens_total', T, 123_456, 0],
  ]);
  const [util, , prompt] = out.samples.map((s) => s.series);
  assert.equal(out.samples[0].series, out.samples[1].series, 'one object per series');
  assert.deepEqual({ ...util.labels }, { Hostname: 'decode-001', gpu: '0', instance: 'decode-001:9400', job: 'dcgm-exporter' });
  assert.equal(util.key, seriesKey('DCGM_FI_DEV_GPU_UTIL', util.labels));
  assert.deepEqual([util.type, util.family, util.created], ['gauge', 'DCGM_FI_DEV_GPU_UTIL', null]);
  assert.deepEqual([prompt.type, prompt.family], ['counter', 'vllm:prompt_tokens']);
  assert.deepEqual(out.metadata.map((m) => [m.family, m.type, m.help]), [
    ['DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).'],
    ['vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.'],
  ]);
});

test('1.0: a decoder remembers metadata sent in an earlier request and hands out the same series object', () => {
  const decoder = new RemoteWriteDecoder();
  const send = (request: WriteRequestObject) => decoder.decode(compress(encodeV1(request)), null, null);
  const before = send({ timeseries: [{ labels: promptLabels, samples: [{ value: 1, timestamp: T }] }] }).samples[0].series;
  assert.equal(before.type, 'unknown');
  // Prometheus sends metadata on its own, without samples.
  const metadataOnly = send({ metadata: [{ type: 1, metricFamilyName: 'vllm:prompt_tokens', help: '', unit: '' }] });
  assert.deepEqual([metadataOnly.samples.length, metadataOnly.series, metadataOnly.metadata.length], [0, 0, 1]);
  const typed = send({ timeseries: [{ labels: promptLabels, samples: [{ value: 2, timestamp: T + 15_000 }] }] }).samples[0].series;
  assert.deepEqual([typed.type, typed.family, typed.key], ['counter', 'vllm:prompt_tokens', before.key]);
  const again = send({ timeseries: [{ labels: promptLabels, samples: [{ value: 3, timestamp: T + 30_000 }] }] }).samples[0].series;
  assert.equal(again, typed, 'the same object while its type holds');
});

test('1.0: staleness markers are skipped and counted; empty label values are absent labels; int64 timestamps keep their sign', () => {
  const marker = 424_242.4242;
  const message = encodeV1({
    timeseries: [
      { labels: [...dcgmLabels('1'), label('pod', '')], samples: [{ value: marker, timestamp: T }, { value: 5, timestamp: -1500 }] },
    ],
  });
  // Prometheus's stale marker is a NaN with one payload, which JS numbers do not keep: patch its bytes in.
  const at = message.indexOf(Buffer.from(new Float64Array([marker]).buffer));
  Buffer.from([0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]).copy(message, at);
  const out = decodeRemoteWrite(compress(message), null, 'snappy');
  assert.equal(out.staleMarkersSkipped, 1);
  assert.deepEqual(out.samples.map((s) => [s.ts, s.value]), [[-1500, 5]]);
  assert.equal(Object.hasOwn(out.samples[0].series.labels, 'pod'), false);
});

test('1.0: labels out of order give the same key as sorted ones, and odd label names are kept as labels', () => {
  const out = v1({
    timeseries: [{ labels: [label('job', 'vllm'), label('__proto__', 'x'), label('__name__', 'up'), label('instance', 'a:1')], samples: [{ value: 1, timestamp: T }] }],
  });
  const series = out.samples[0].series;
  assert.deepEqual(Object.keys(series.labels).sort(), ['__proto__', 'instance', 'job']);
  assert.equal(series.key, seriesKey('up', { instance: 'a:1', job: 'vllm', ['__proto__']: 'x' }));
  assert.equal(series.key, 'up{__proto__="x",instance="a:1",job="vllm"}');
});

test('2.0: symbols, per-series metadata, created and start timestamps, histograms and exemplars', () => {
  const table = new SymbolTable();
  const prompt = table.refs([['__name__', 'vllm:prompt_tokens_total'], ['engine', '0'], ['instance', 'decode-001:8000']]);
  const util = table.refs([['__name__', 'DCGM_FI_DEV_GPU_UTIL'], ['gpu', '3'], ['instance', 'decode-001:9400']]);
  const ttft = table.refs([['__name__', 'vllm:time_to_first_token_seconds'], ['instance', 'decode-001:8000']]);
  const help = table.ref('Number of prefill tokens processed.');
  const unit = table.ref('tokens');
  const body = compress(encodeV2({
    symbols: table.symbols,
    timeseries: [
      { labelsRefs: prompt, samples: [{ value: 1000, timestamp: T }], metadata: { type: 1, helpRef: help, unitRef: unit }, createdTimestamp: T - 3_600_000 },
      { labelsRefs: util, samples: [{ value: 55, timestamp: T }], metadata: { type: 2 }, exemplars: [{ labelsRefs: [table.ref('trace_id'), table.ref('abc')], value: 55, timestamp: T }] },
      { labelsRefs: ttft, histograms: [{ countInt: 10, sum: 4.2, schema: 3, timestamp: T }], metadata: { type: 3 } },
      // The newer revision of 2.0 puts the start time on each sample.
      { labelsRefs: prompt, samples: [{ value: 1500, timestamp: T + 15_000, startTimestamp: T - 60_000 }], metadata: { type: 1, helpRef: help, unitRef: unit } },
    ],
  }));
  const out = decodeRemoteWrite(body, CONTENT_TYPE_V2, 'snappy');
  assert.equal(out.version, '2.0');
  assert.deepEqual([out.series, out.histogramsSkipped, out.exemplarsSkipped], [3, 1, 1]);
  assert.deepEqual(out.samples.map((s) => [s.series.name, s.ts, s.value]), [
    ['vllm:prompt_tokens_total', T, 1000],
    ['DCGM_FI_DEV_GPU_UTIL', T, 55],
    ['vllm:prompt_tokens_total', T + 15_000, 1500],
  ]);
  const counter = out.samples[0].series;
  assert.equal(out.samples[2].series, counter, 'a series sent in two messages is one object');
  assert.deepEqual([counter.type, counter.family, counter.key], ['counter', 'vllm:prompt_tokens', 'vllm:prompt_tokens_total{engine="0",instance="decode-001:8000"}']);
  assert.equal(counter.created, T - 60_000, 'the latest start time');
  assert.deepEqual([out.samples[1].series.type, out.samples[1].series.created], ['gauge', null]);
  assert.deepEqual(out.metadata, [
    { family: 'vllm:prompt_tokens', type: 'counter', help: 'Number of prefill tokens processed.', unit: 'tokens' },
    { family: 'DCGM_FI_DEV_GPU_UTIL', type: 'gauge', help: '', unit: '' },
    { family: 'vllm:time_to_first_token_seconds', type: 'histogram', help: '', unit: '' },
  ]);
});

test('2.0: series are found again across requests whose symbol tables differ', () => {
  const decoder = new RemoteWriteDecoder();
  const send = (symbols: string[], refs: number[], value: number) =>
    decoder.decode(compress(encodeV2({ symbols, timeseries: [{ labelsRefs: refs, samples: [{ value, timestamp: T }], metadata: { type: 2 } }] })), CONTENT_TYPE_V2, null);
  const first = send(['', '__name__', 'up', 'job', 'vllm'], [1, 2, 3, 4], 1).samples[0].series;
  const second = send(['', 'job', 'vllm', 'other', '__name__', 'up'], [4, 5, 1, 2], 0).samples[0].series;
  assert.equal(second, first);
  assert.equal(first.key, 'up{job="vllm"}');
});

test('2.0: a label ref outside the symbol table, or an odd number of refs, is a 400 naming the series', () => {
  const body = (refs: number[]) => compress(encodeV2({ symbols: ['', '__name__', 'up'], timeseries: [{ labelsRefs: [1, 2] }, { labelsRefs: refs, samples: [{ value: 1, timestamp: T }] }] }));
  const outside = refusal(() => decodeRemoteWrite(body([1, 2, 1, 57]), CONTENT_TYPE_V2, null), MalformedRemoteWrite, 400);
  assert.match(outside.message, /timeseries\[1\]\.labels_refs\[3\]: label value ref 57 is outside the symbol table \(3 symbols\)/);
  const odd = refusal(() => decodeRemoteWrite(body([1, 2, 1]), CONTENT_TYPE_V2, null), MalformedRemoteWrite, 400);
  assert.match(odd.message, /timeseries\[1\]\.labels_refs holds 3 refs/);
  const help = compress(encodeV2({ symbols: ['', '__name__', 'up'], timeseries: [{ labelsRefs: [1, 2], metadata: { type: 1, helpRef: 9 } }] }));
  assert.match(refusal(() => decodeRemoteWrite(help, CONTENT_TYPE_V2, null), MalformedRemoteWrite, 400).message, /metadata\.help_ref: help_ref 9 is outside/);
});

test('a series without __name__, or with a label twice, is a 400 naming it', () => {
  const noName = refusal(() => v1({ timeseries: [{ labels: [label('job', 'vllm')], samples: [{ value: 1, timestamp: T }] }] }), MalformedRemoteWrite, 400);
  assert.equal(noName.message, 'timeseries[0] has no __name__ label: {job="vllm"}');
  const twice = refusal(() => v1({ timeseries: [{ labels: [label('__name__', 'up'), label('job', 'a'), label('job', 'b')] }] }), MalformedRemoteWrite, 400);
  assert.match(twice.message, /timeseries\[0\] has the label "job" twice/);
});

test('corrupt snappy data, an empty body and a body inflating past the limit are refused', () => {
  const message = encodeV1({ timeseries: [{ labels: promptLabels, samples: [{ value: 1, timestamp: T }] }] });
  const body = compress(message);
  // Snappy has no checksum: what it detects is a block whose copies and literals do not add up to its length.
  const cut = body.subarray(0, body.length - 10);
  assert.match(refusal(() => decodeRemoteWrite(cut, null, 'snappy'), MalformedRemoteWrite, 400).message, /^bad snappy data/);
  assert.match(refusal(() => decodeRemoteWrite(message, null, 'snappy'), MalformedRemoteWrite, 400).message, /^bad snappy data/, 'an uncompressed body');
  assert.match(refusal(() => decodeRemoteWrite(Buffer.alloc(0), null, 'snappy'), MalformedRemoteWrite, 400).message, /the body is empty/);
  const big = refusal(() => decodeRemoteWrite(body, null, 'snappy', { maxDecodedBytes: 16 }), RemoteWriteTooLarge, 413);
  assert.match(big.message, new RegExp(`decompresses to ${message.length} bytes, over the limit of 16`));
});

test('a truncated protobuf message is a 400 naming the field being read', () => {
  const message = encodeV1({ timeseries: [{ labels: promptLabels, samples: [{ value: 1, timestamp: T }] }, { labels: dcgmLabels('2'), samples: [{ value: 2, timestamp: T }] }] });
  const cut = refusal(() => decodeRemoteWrite(compress(message.subarray(0, message.length - 5)), null, null), MalformedRemoteWrite, 400);
  assert.match(cut.message, /^bad protobuf in WriteRequest\.timeseries\[1\]: length \d+ runs past the end of its message \(byte \d+\)$/);
  // The timestamp varint, last in the message, made to claim one more byte than its sample holds.
  const inner = encodeV1({ timeseries: [{ labels: promptLabels, samples: [{ value: 1, timestamp: T }] }] });
  inner[inner.length - 1] |= 0x80;
  const varint = refusal(() => decodeRemoteWrite(compress(inner), null, null), MalformedRemoteWrite, 400);
  assert.match(varint.message, /^bad protobuf in WriteRequest\.timeseries\[0\]\.samples\[0\]\.timestamp: truncated varint \(byte \d+\)$/);
});

test('an empty request decodes to nothing', () => {
  for (const [message, type] of [[encodeV1({}), null], [encodeV2({}), CONTENT_TYPE_V2]] as const) {
    const out = decodeRemoteWrite(compress(message), type, 'snappy');
    assert.equal(message.length, 0);
    assert.deepEqual([out.samples, out.series, out.metadata, out.histogramsSkipped, out.exemplarsSkipped], [[], 0, [], 0, 0]);
  }
});

test('the Content-Type selects the version; other message types, media types and encodings are a 415', () => {
  const v2 = compress(encodeV2({ symbols: ['', '__name__', 'up'], timeseries: [{ labelsRefs: [1, 2], samples: [{ value: 1, timestamp: T }] }] }));
  assert.equal(decodeRemoteWrite(v2, 'Application/X-Protobuf; proto="io.prometheus.write.v2.Request"', 'SNAPPY').samples.length, 1);
  const v1Body = compress(encodeV1({ timeseries: [{ labels: promptLabels, samples: [{ value: 1, timestamp: T }] }] }));
  assert.equal(decodeRemoteWrite(v1Body, 'application/x-protobuf;proto=prometheus.WriteRequest', null).version, '1.0');
  const proto = refusal(() => decodeRemoteWrite(v1Body, 'application/x-protobuf;proto=io.prometheus.write.v3.Request', null), UnsupportedRemoteWrite, 415);
  assert.match(proto.message, /unsupported remote write message "io\.prometheus\.write\.v3\.Request"/);
  refusal(() => decodeRemoteWrite(v1Body, 'application/json', null), UnsupportedRemoteWrite, 415);
  assert.match(refusal(() => decodeRemoteWrite(v1Body, null, 'gzip'), UnsupportedRemoteWrite, 415).message, /Content-Encoding "gzip"/);
});

test('a body of the other version than its Content-Type names is a 400 that says so', () => {
  const v1Body = compress(encodeV1({ timeseries: [{ labels: promptLabels, samples: [{ value: 1, timestamp: T }] }] }));
  assert.match(refusal(() => decodeRemoteWrite(v1Body, CONTENT_TYPE_V2, null), MalformedRemoteWrite, 400).message, /field 1 is reserved in a 2\.0 Request/);
  const v2Body = compress(encodeV2({ symbols: ['', '__name__', 'up'], timeseries: [{ labelsRefs: [1, 2] }] }));
  assert.match(refusal(() => decodeRemoteWrite(v2Body, null, null), MalformedRemoteWrite, 400).message, /needs the Content-Type application\/x-protobuf;proto=io\.prometheus\.write\.v2\.Request/);
});

test('a label value or symbol that is not UTF-8 refuses the request (400), rather than naming a new node', () => {
  const v1Message = encodeV1({ timeseries: [{ labels: [{ name: '__name__', value: 'DCGM_FI_DEV_GPU_UTIL' }, { name: 'Hostname', value: 'd-00X' }], samples: [{ value: 1, timestamp: 1740628800000 }] }] });
  v1Message[v1Message.indexOf('d-00X') + 4] = 0xff;
  const v1 = refusal(() => decodeRemoteWrite(compress(v1Message), 'application/x-protobuf', 'snappy'), MalformedRemoteWrite, 400);
  assert.match(v1.message, /a string is not valid UTF-8/);
  const table = new SymbolTable();
  const v2Message = encodeV2({ symbols: table.symbols, timeseries: [{ labelsRefs: table.refs([['__name__', 'DCGM_FI_DEV_GPU_UTIL'], ['Hostname', 'd-00X']]), samples: [{ value: 1, timestamp: 1740628800000 }] }] });
  v2Message[v2Message.indexOf('d-00X') + 4] = 0xff;
  const v2 = refusal(() => decodeRemoteWrite(compress(v2Message), CONTENT_TYPE_V2, 'snappy'), MalformedRemoteWrite, 400);
  assert.match(v2.message, /a string is not valid UTF-8/);
});
