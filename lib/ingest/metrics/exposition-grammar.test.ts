import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createExpositionParser } from '@/lib/ingest/metrics/exposition';
import { cutAt, outputView, parsePieces, parseText, piecesOf, sampleView, seriesObjects } from '@/lib/ingest/metrics/metric-testing';

const text = () => createExpositionParser({ maxLineBytes: 4096 });
const openMetrics = () => createExpositionParser({ maxLineBytes: 4096, openMetrics: true });
const textFormat = () => createExpositionParser({ maxLineBytes: 4096, openMetrics: false });
const lines = (...all: string[]) => all.join('\n') + '\n';
const T0 = Date.UTC(2025, 1, 27, 4);

/** Every split of `input` in two, and one byte at a time, give the same output as the whole. */
function assertSameEveryCut(make: () => ReturnType<typeof text>, input: string): void {
  const bytes = Buffer.from(input);
  const whole = outputView(parsePieces(make, [bytes]));
  assert.deepEqual(outputView(parsePieces(make, piecesOf(bytes, 1))), whole, 'one byte at a time');
  for (let cut = 0; cut <= bytes.length; cut++) assert.deepEqual(outputView(parsePieces(make, cutAt(bytes, [cut]))), whole, `cut at byte ${cut}`);
}

const ESCAPES = lines(
  '# HELP esc A \\\\ backslash,\\na newline and \\"kept\\" quotes',
  '# TYPE esc gauge',
  'esc{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",tab="a\\tb",gpu="模型-0"} 1',
);

test('label value escapes \\\\ \\" \\n are read, others kept as written; HELP reads \\\\ and \\n only', () => {
  const out = parseText(text, ESCAPES);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples[0].series.labels, { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb', tab: 'a\\tb', gpu: '模型-0' });
  assert.equal(out.parser.metadata.get('esc')?.help, 'A \\ backslash,\na newline and \\"kept\\" quotes');
  assertSameEveryCut(text, ESCAPES);
});

test('values as Go ParseFloat reads them, minus what Prometheus refuses', () => {
  const ok = ['1', '-2.5', '+3', '.5', '5.', '1e3', '1E-3', '1.2345e+06', '0', '-0', 'NaN', 'nan', '+Inf', '-Inf', 'Inf', 'inf', 'Infinity', '-infinity', '1e-400', '007'];
  const out = parseText(text, lines(...ok.map((v, i) => `v{i="${i}"} ${v}`)));
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => s.value), [1, -2.5, 3, 0.5, 5, 1000, 0.001, 1234500, 0, -0, NaN, NaN, Infinity, -Infinity, Infinity, Infinity, Infinity, -Infinity, 0, 7]);
  const bad = ['abc', '1_000', '0x1F', '0x1p-2', '1e', 'e5', '.', '+NaN', '--1', '1.2.3', '1e400', 'Infinit', '１'];
  const refused = parseText(text, lines(...bad.map((v) => `v ${v}`)));
  assert.equal(refused.samples.length, 0);
  assert.deepEqual(
    refused.errors.map((e) => e.message),
    bad.map((v) => `value ${JSON.stringify(v)} is ${v === '1e400' ? 'out of range' : 'not a number'}`),
  );
  assert.ok(refused.errors.every((e, i) => e.line === i + 1 && e.field === 'v'));
});

test('timestamps: integer milliseconds in the text format, seconds to the exact millisecond in OpenMetrics', () => {
  const plain = parseText(textFormat, lines(`x 1 ${T0}`, 'x 2 0', `x 3 ${T0}.5`, 'x 4 -1000', 'x 5 99999999999999999999'));
  assert.deepEqual(plain.samples.map((s) => s.ts), [T0, 0]);
  assert.deepEqual(
    plain.errors.map((e) => [e.line, e.message]),
    [
      [3, `timestamp "${T0}.5" is not an integer of milliseconds`],
      [4, 'timestamp "-1000" is not an integer of milliseconds'],
      [5, 'timestamp "99999999999999999999" is out of range'],
    ],
  );
  const seconds = T0 / 1000;
  const om = parseText(openMetrics, lines(`x 1 ${seconds}`, `x 2 ${seconds}.123`, `x 3 ${seconds}.1234`, 'x 4 1.7406288001e9', 'x 5 -1.5', 'x 6 abc', 'x 7 +Inf', '# EOF'));
  assert.deepEqual(om.samples.map((s) => s.ts), [T0, T0 + 123, T0 + 123.4, T0 + 100, -1500]);
  assert.deepEqual(om.errors.map((e) => e.message), ['timestamp "abc" is not a number of seconds', 'timestamp "+Inf" is out of range']);
});

test('without being told, the first line that tells the formats apart decides', () => {
  const decide = (input: string) => {
    const out = parseText(text, input);
    return { openMetrics: out.parser.openMetrics, ts: out.samples.map((s) => s.ts), errors: out.errors.length };
  };
  assert.deepEqual(decide(lines('a 1', `a 2 ${T0}`, `a 3 ${T0 + 1}`)), { openMetrics: false, ts: [null, T0, T0 + 1], errors: 0 });
  assert.deepEqual(decide(lines('a 1', `a 2 ${T0 / 1000}`)), { openMetrics: true, ts: [null, T0], errors: 0 });
  assert.deepEqual(decide(lines(`a 2 ${T0 / 1000}.25`)), { openMetrics: true, ts: [T0 + 250], errors: 0 });
  assert.deepEqual(decide(lines('# TYPE a unknown', `a 2 ${T0}`)), { openMetrics: true, ts: [T0 * 1000], errors: 0 });
  assert.deepEqual(decide(lines('# UNIT a_seconds seconds', 'a_seconds 2 1740628800')), { openMetrics: true, ts: [T0], errors: 0 });
  assert.deepEqual(decide(lines('# TYPE a untyped', 'a 2 1740628800')), { openMetrics: false, ts: [1_740_628_800], errors: 0 });
  assert.deepEqual(decide(lines('a_bucket{le="1"} 2 # {trace_id="x"} 0.5 1740628800.1', `a_bucket{le="2"} 3 ${T0 / 1000}`)), { openMetrics: true, ts: [null, T0], errors: 0 });
  assert.deepEqual(decide(lines('a 1', '# EOF')), { openMetrics: true, ts: [null], errors: 0 });
});

test('OpenMetrics exemplars are skipped; in the text format they are an error', () => {
  const input = lines('# TYPE h histogram', 'h_bucket{le="0.1"} 3 # {trace_id="abc",span="1"} 0.05 1740628800.5', 'h_bucket{le="+Inf"} 4 1740628801 # {trace_id="def"} 2', 'h_count 4', 'h_sum 1.5', '# EOF');
  const om = parseText(openMetrics, input);
  assert.deepEqual(om.errors, []);
  assert.deepEqual(om.samples.map((s) => [s.series.key, s.value, s.ts]), [
    ['h_bucket{le="0.1"}', 3, null],
    ['h_bucket{le="+Inf"}', 4, T0 + 1000],
    ['h_count', 4, null],
    ['h_sum', 1.5, null],
  ]);
  const plain = parseText(textFormat, input);
  assert.deepEqual(plain.errors.map((e) => [e.line, e.field]), [[2, 'h_bucket'], [3, 'h_bucket']]);
  assert.match(plain.errors[0].message, /exemplars are OpenMetrics only/);
});

test('families: histogram, summary, counters declared either way, _created, info, gaugehistogram, stateset, undeclared', () => {
  const out = parseText(text, lines(
    '# TYPE lat histogram',
    'lat_bucket{le="1"} 1', 'lat_bucket{le="+Inf"} 2', 'lat_sum 3', 'lat_count 2', 'lat_created 1740628800',
    '# TYPE rpc summary',
    'rpc{quantile="0.5"} 0.1', 'rpc_sum 5', 'rpc_count 9', 'rpc_created 1740628800',
    '# TYPE req counter',
    'req_total 7', 'req_created 1740628800',
    '# TYPE vllm:prompt_tokens_total counter',
    'vllm:prompt_tokens_total{engine="0"} 1.2345e+06', 'vllm:prompt_tokens_created{engine="0"} 1740628800',
    '# TYPE build info',
    'build_info{version="1.2"} 1',
    '# TYPE queue gaugehistogram',
    'queue_bucket{le="+Inf"} 3', 'queue_gcount 3', 'queue_gsum 7',
    '# TYPE state stateset',
    'state{state="ready"} 1',
    '# TYPE temp gauge',
    'temp 30', 'temp_sum 1',
    'loose_total 1',
  ));
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => `${s.series.name} ${s.series.type} ${s.series.family}`), [
    'lat_bucket histogram lat', 'lat_bucket histogram lat', 'lat_sum histogram lat', 'lat_count histogram lat', 'lat_created histogram lat',
    'rpc summary rpc', 'rpc_sum summary rpc', 'rpc_count summary rpc', 'rpc_created summary rpc',
    'req_total counter req', 'req_created counter req',
    'vllm:prompt_tokens_total counter vllm:prompt_tokens', 'vllm:prompt_tokens_created counter vllm:prompt_tokens',
    'build_info info build',
    'queue_bucket gaugehistogram queue', 'queue_gcount gaugehistogram queue', 'queue_gsum gaugehistogram queue',
    'state stateset state',
    'temp gauge temp', 'temp_sum unknown temp_sum',
    'loose_total unknown loose_total',
  ]);
});

test('one Series object per series for the whole parse, whatever the label order; a new declaration gives a new one', () => {
  const out = parseText(text, lines(
    'up{job="a",instance="x"} 1 1740628800000',
    'up{instance="x",job="a"} 1 1740628815000',
    'up{ instance = "x" , job = "a" , } 1 1740628830000',
    '# EOF',
    'up{job="a",instance="x"} 0 1740628845000',
    '# TYPE up gauge',
    'up{job="a",instance="x"} 1 1740628860000',
    'up{job="a",instance="x"} 1 1740628875000',
  ));
  assert.deepEqual(out.errors, []);
  const [a, b, c, d, e, f] = out.samples.map((s) => s.series);
  assert.ok(a === b && b === c && c === d, 'the same object across label orders, blanks and # EOF');
  assert.equal(a.key, 'up{instance="x",job="a"}');
  assert.equal(a.type, 'unknown');
  assert.ok(e === f && e !== a && e.type === 'gauge');
});

test('two OpenMetrics scrapes, each ending in # EOF, read as one series over time', () => {
  const scrape = (t: number, v: number) => ['# TYPE tokens counter', '# UNIT tokens_total tokens', `tokens_total{gpu="0"} ${v} ${t}`, `tokens_created{gpu="0"} 1740628000 ${t}`, '# EOF'];
  const input = lines(...scrape(1740628800, 10), ...scrape(1740628815, 25));
  const out = parseText(text, input);
  assert.deepEqual(out.errors, []);
  assert.equal(out.parser.openMetrics, true);
  assert.deepEqual(out.samples.map((s) => [s.series.name, s.series.family, s.value, s.ts, s.line]), [
    ['tokens_total', 'tokens', 10, T0, 3],
    ['tokens_created', 'tokens', 1740628000, T0, 4],
    ['tokens_total', 'tokens', 25, T0 + 15_000, 8],
    ['tokens_created', 'tokens', 1740628000, T0 + 15_000, 9],
  ]);
  assert.equal(seriesObjects(out).size, 2);
  assert.deepEqual(out.parser.metadata.get('tokens_total'), { unit: 'tokens' });
  assertSameEveryCut(text, input);
});

test('Prometheus 3 quoted UTF-8 names, inside the braces, and quoted label names', () => {
  const input = lines(
    '# TYPE "my.metric" gauge',
    '{"my.metric", "label.with.dots"="x", gpu="0"} 1',
    '{"my.metric"} 2',
    '{gpu="1", "my.metric"} 3',
    '{"température.gpu", "unité"="°C"} 41.5',
  );
  const out = parseText(text, input);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => [s.series.key, s.series.type]), [
    ['my.metric{gpu="0",label.with.dots="x"}', 'gauge'],
    ['my.metric', 'gauge'],
    ['my.metric{gpu="1"}', 'gauge'],
    ['température.gpu{unité="°C"}', 'unknown'],
  ]);
  assertSameEveryCut(text, input);
});

test('blanks where Prometheus allows them: tabs, leading blanks, around braces, no blank after }, a trailing comma', () => {
  const out = parseText(text, lines(
    '  up 1',
    'up\t2',
    'up {a="1"}\t3\t1740628800000  ',
    'up{a="1"}4',
    'up{ a = "1" ,b="2",} 5',
    'up{a="1" b="2"} 6',
    '\t# TYPE up gauge',
  ));
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => [s.series.key, s.value, s.ts]), [
    ['up', 1, null],
    ['up', 2, null],
    ['up{a="1"}', 3, T0],
    ['up{a="1"}', 4, null],
    ['up{a="1",b="2"}', 5, null],
    ['up{a="1",b="2"}', 6, null],
  ]);
});

test('each kind of bad line is one error with its line, field and reason, and the next line is read', () => {
  const input = lines(
    'gpu_util{gpu="0} 71',
    'gpu_util{gpu} 71',
    'gpu_util{gpu=0} 71',
    'gpu_util{gpu="0",gpu="1"} 71',
    'gpu_util{gpu="0"',
    'gpu_util{gpu="0";node="a"} 71',
    'gpu_util{gpu="0"}',
    'gpu_util{gpu="0"} abc',
    'gpu_util{gpu="0"} 71 x',
    'gpu_util{gpu="0"} 71 1740628800000 extra',
    '{gpu="0"} 71',
    '{"a","b"} 71',
    'gpu_util{__name__="x"} 71',
    '9gpu 71',
    '"gpu_util" 71',
    '# TYPE gpu_util gauges',
    '# TYPE gpu_util',
    '# HELP',
    '# TYPE 9x gauge',
    'gpu_util{gpu="0"} 71.5',
  );
  const out = parseText(textFormat, input);
  assert.deepEqual(out.samples.map(sampleView), [{ key: 'gpu_util{gpu="0"}', type: 'unknown', family: 'gpu_util', ts: null, value: 71.5, line: 20 }]);
  assert.equal(out.lines, 20);
  assert.deepEqual(
    out.errors.map((e) => [e.line, e.field, e.message]),
    [
      [1, 'gpu', 'label value of "gpu" is not closed'],
      [2, 'gpu', 'expected "=" after label name "gpu", got "} 71"'],
      [3, 'gpu', 'label value of "gpu" is not quoted: got "0} 71"'],
      [4, 'gpu', 'label "gpu" appears twice'],
      [5, 'gpu_util', 'the label set is not closed with "}"'],
      [6, 'gpu', 'expected "," or "}" after the value of label "gpu", got ";node=\\"a\\"} 71"'],
      [7, 'gpu_util', 'the sample has no value'],
      [8, 'gpu_util', 'value "abc" is not a number'],
      [9, 'gpu_util', 'timestamp "x" is not an integer of milliseconds'],
      [10, 'gpu_util', 'unexpected "extra" after the timestamp'],
      [11, null, 'the metric name is missing: no name before the braces nor a quoted one inside'],
      [12, 'a', 'the metric name is given twice ("a" and "b")'],
      [13, '__name__', 'label "__name__" cannot be set in the label set; write the name before the braces'],
      [14, null, 'expected a metric name, got "9gpu 71"'],
      [15, null, 'a quoted metric name must stand inside the braces: {"name", ...}'],
      [16, 'gpu_util', 'unknown metric type "gauges" (known: counter, gauge, histogram, summary, untyped; OpenMetrics: gaugehistogram, info, stateset, unknown)'],
      [17, 'gpu_util', '# TYPE gpu_util names no type'],
      [19, null, 'expected a metric name after # TYPE, got "9x gauge"'],
    ],
  );
  assert.deepEqual(out.errors[0].excerpt, 'gpu_util{gpu="0} 71');
  assertSameEveryCut(textFormat, input);
});

test('a line over maxLineBytes is refused without being read, and the lines around it load', () => {
  const long = `big{v="${'x'.repeat(5000)}"} 1`;
  const input = lines('a 1', long, 'b 2');
  for (const size of [input.length, 1000, 7]) {
    const out = parseText(text, input, size);
    assert.deepEqual(out.samples.map((s) => s.series.name), ['a', 'b']);
    assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[2, null, 'line is longer than 4096 bytes']]);
    assert.equal(out.errors[0].excerpt, long.slice(0, 200));
    assert.equal(out.lines, 3);
  }
});

test('CRLF line ends, a byte-order mark, blank lines and no final newline', () => {
  const input = '\uFEFF# TYPE a gauge\r\na{x="1"} 1\r\n\r\n   \r\na{x="2"} 2 1740628800000\r\na{x="3"} 3';
  const out = parseText(text, input);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => [s.series.key, s.value, s.ts, s.line, s.series.type]), [
    ['a{x="1"}', 1, null, 2, 'gauge'],
    ['a{x="2"}', 2, T0, 5, 'gauge'],
    ['a{x="3"}', 3, null, 6, 'gauge'],
  ]);
  assert.equal(out.lines, 4);
  assertSameEveryCut(text, input);
});

test('a label may be called __proto__, and plain comments are skipped', () => {
  const out = parseText(text, lines('# a note', '#HELP not metadata', 'x{__proto__="p",constructor="c"} 1'));
  assert.deepEqual(out.errors, []);
  assert.deepEqual(Object.entries(out.samples[0].series.labels), [['__proto__', 'p'], ['constructor', 'c']]);
  assert.equal(out.samples[0].series.key, 'x{__proto__="p",constructor="c"}');
  assert.equal(out.lines, 3);
});
