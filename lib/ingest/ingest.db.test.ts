import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { ingestStream } from './ingest';

// What an ingest leaves behind: a job only once a line was read, and the span of what it stored.
let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const ingest = (fileName: string, bytes: Buffer | string, traceStart?: number) =>
  ingestStream(db, Readable.from([Buffer.from(bytes)]), { fileName, channel: 'web', traceStart });
const jobCount = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest_job')).rows[0].n;

test('a file refused whole before any line is read leaves no job behind: empty, binary, unrecognised, an unusable header', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
  const refused = {
    'empty.jsonl': [Buffer.alloc(0), /^empty\.jsonl is empty$/],
    'shot.png': [png, /^shot\.png is a binary file \(not text, not gzip\): FleetLedger reads /],
    'shot.png.gz': [gzipSync(png), /^shot\.png\.gz is a gzip file of binary data/],
    'notes.txt': [Buffer.from('hello\nworld\n'), /^unrecognised format/],
    'samples.csv': [Buffer.from('ts,node,gpu,role\n2025-02-27T04:00:00Z,n1,0,decode\n'), /lacks required column\(s\) interval_s/],
    'header.csv': [Buffer.from('request_id,arrived_at,input_tokens,output_tokens\r\n\r\n'), /^header\.csv holds no data: no line is a record/],
  } as const;
  for (const [name, [bytes, message]] of Object.entries(refused)) {
    const summary = await ingest(name, bytes);
    assert.match(summary.error ?? '', message, name);
    assert.equal(summary.jobId, '', name);
    assert.equal(summary.firstTs, undefined, name);
  }
  assert.equal(await jobCount(), 0);
});

test('a file that fails after its rows were stored keeps a failed job, with the span it stored', async () => {
  const lines = Array.from({ length: 30_000 }, (_, i) =>
    JSON.stringify({ type: 'request', request_id: `fail-${i}`, arrived_at: new Date(Date.parse('2025-01-02T00:00:00Z') + i * 1000).toISOString(), input_tokens: 10 + (i % 7), output_tokens: 3 }));
  const gzipped = gzipSync(`${lines.join('\n')}\n`);
  const summary = await ingestStream(db, Readable.from([gzipped.subarray(0, gzipped.length - 40)]), { fileName: 'cut.jsonl.gz', channel: 'web', batchSize: 1000 });
  assert.match(summary.error ?? '', /^corrupt gzip data/);
  assert.ok(summary.jobId && summary.accepted > 0);
  assert.equal(summary.firstTs, '2025-01-02T00:00:00.000Z');
  const job = (await db.pool.query('SELECT status, accepted::int FROM ingest_job WHERE id = $1', [summary.jobId])).rows[0];
  assert.deepEqual(job, { status: 'failed', accepted: summary.accepted });
});

test('a Mooncake trace says which trace start its times count from, and where its data landed', async () => {
  const trace = readFileSync('fixtures/mooncake/synthetic_trace_first800.jsonl');
  const byDefault = await ingest('mooncake.jsonl', trace);
  assert.equal(byDefault.error, undefined);
  assert.deepEqual([byDefault.traceStart, byDefault.firstTs, byDefault.lastTs], ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-01T00:03:41.200Z']);
  const given = await ingest('mooncake.jsonl', trace, Date.parse('2025-02-27T04:00:00Z'));
  assert.deepEqual([given.traceStart, given.firstTs, given.lastTs, given.accepted], ['2025-02-27T04:00:00.000Z', '2025-02-27T04:00:00.000Z', '2025-02-27T04:03:41.200Z', 800]);
  const canonical = await ingest('requests.jsonl', readFileSync('docs/examples/requests.jsonl'));
  assert.equal(canonical.traceStart, undefined, 'absolute times have no trace start');
});

test('a CSV holding its header alone is refused whole, saying it holds no data, and stores nothing', async () => {
  const before = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request')).rows[0].n;
  const summary = await ingest('header.csv', 'request_id,arrived_at,input_tokens,output_tokens\n');
  assert.match(summary.error ?? '', /^header\.csv holds no data/);
  assert.equal(summary.accepted, 0);
  assert.equal((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request')).rows[0].n, before);
});
