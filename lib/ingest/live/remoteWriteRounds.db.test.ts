import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { claimRound } from '@/lib/db/live/journal';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { resolveMapping } from '@/lib/ingest/metrics/mapping';
import { compress, encodeV1, encodeV2, SymbolTable, type WriteRequestObject } from '@/lib/ingest/remoteWrite/testing';
import { CONTENT_TYPE_V2 } from '@/lib/ingest/remoteWrite/media';
import { receiveRemoteWrite } from './receiveRemoteWrite';
import { RemoteWriteRounds } from './remoteWriteRounds';

const T0 = Date.parse('2025-02-27T04:00:00Z');
const SCRAPES = 6;
const STEP = 10_000;

type Series = { labels: Record<string, string>; value: (k: number) => number };

/** Two SGLang ranks of a prefill node and two of a decode node, as Prometheus forwards them. */
function fleet(): Series[] {
  const out: Series[] = [];
  for (const [node, role] of [['p1', 'prefill'], ['d1', 'decode']] as const) {
    for (const rank of ['0', '1']) {
      const labels = { instance: `${node}:30000`, job: 'sglang', engine_type: role, dp_rank: rank, model_name: 'deepseek-r1' };
      out.push({ labels: { ...labels, __name__: 'sglang:prompt_tokens_total' }, value: (k) => 1000 * k });
      out.push({ labels: { ...labels, __name__: 'sglang:generation_tokens_total' }, value: (k) => 40 * k });
      out.push({ labels: { ...labels, __name__: 'sglang:num_running_reqs' }, value: () => 12 });
    }
  }
  return out;
}

const toLabels = (labels: Record<string, string>) => Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value }));

/** Scrape k of the fleet split over two requests (two shards), as snappy protobuf bodies. */
function scrapeRequests(k: number): Buffer[] {
  const series = fleet();
  const shards: WriteRequestObject[] = [{ timeseries: [] }, { timeseries: [] }];
  series.forEach((s, i) => shards[i % 2].timeseries!.push({ labels: toLabels(s.labels), samples: [{ value: s.value(k), timestamp: T0 + k * STEP }] }));
  return shards.map((r) => compress(encodeV1(r)));
}

const post = (body: Buffer, contentType = 'application/x-protobuf') =>
  new Request('http://localhost/api/v1/write', {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType, 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
  });

const rounds = (db: TestDb) => new RemoteWriteRounds(db, { mapping: resolveMapping(), settleMs: 0, roundSamples: 30, keepMs: 3_600_000, holdMs: 1000, quietMs: 0 });

async function totals(db: TestDb) {
  const { rows } = await db.pool.query<{ n: number; input: number; output: number; events: number }>(
    `SELECT s.*, e.events FROM
       (SELECT count(*)::int AS n, coalesce(sum(input_tokens), 0)::int AS input, coalesce(sum(output_tokens), 0)::int AS output FROM gpu_sample) s,
       (SELECT count(*)::int AS events FROM node_event) e`,
  );
  return rows[0];
}

// Five intervals on each of two prefill ranks (1000 input tokens each) and two decode ranks (40 output tokens each).
const EXPECTED = { n: 20, input: 2 * 5 * 1000, output: 2 * 5 * 40 };

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(async () => db.drop());

test('scrapes spread over requests, out of order and sent twice, are stored once, one row per GPU and interval', async () => {
  const bodies = Array.from({ length: SCRAPES }, (_, k) => scrapeRequests(k)).flat();
  // Shards arrive out of order, and a retried request comes twice.
  const order = [1, 0, 2, 3, 3, 5, 4, 6, 7, 9, 8, 10, 11, 5];
  for (const i of order) assert.equal((await receiveRemoteWrite(db, post(bodies[i]))).samples, 6);
  const reader = rounds(db);
  const results = await reader.drain();
  assert.ok(results.length > 1, 'read in several rounds');
  assert.deepEqual({ ...(await totals(db)), events: undefined }, { ...EXPECTED, events: undefined });
  const { rows } = await db.pool.query<{ state: string; gpu_count: number }>('SELECT state, gpu_count FROM node_event ORDER BY ts, state');
  assert.deepEqual(rows.map((r) => r.state), ['decode', 'prefill']);
  const job = await db.pool.query<{ channel: string; status: string; accepted: number }>(`SELECT channel, status, accepted::int FROM ingest_job`);
  assert.deepEqual(job.rows, [{ channel: 'remote-write', status: 'running', accepted: EXPECTED.n + 2 }]);
  // Nothing new: a second drain reads nothing and stores nothing.
  assert.deepEqual(await reader.drain(), []);
});

test('a receiver that stops mid-round loses nothing it acknowledged: a new one replays the round and stores each row once', async () => {
  const second = await createTestDb();
  try {
    const bodies = Array.from({ length: SCRAPES }, (_, k) => scrapeRequests(k)).flat();
    for (const b of bodies.slice(0, 6)) await receiveRemoteWrite(second, post(b));
    await rounds(second).drain();
    for (const b of bodies.slice(6)) await receiveRemoteWrite(second, post(b));
    // The first receiver claims the next round and dies before storing it.
    assert.notEqual(await claimRound(second.pool, 0, 30), null);
    const restarted = rounds(second);
    await restarted.drain();
    assert.deepEqual({ ...(await totals(second)), events: undefined }, { ...EXPECTED, events: undefined });
  } finally {
    await second.drop();
  }
});

test('remote write 2.0: a symbol table, and a created timestamp that gives the first sample its interval', async () => {
  const third = await createTestDb();
  try {
    const symbols = new SymbolTable();
    const labels = symbols.refs([['__name__', 'sglang:prompt_tokens_total'], ['dp_rank', '0'], ['engine_type', 'prefill'], ['node', 'p9']]);
    const body = compress(
      encodeV2({
        symbols: symbols.symbols,
        timeseries: [{ labelsRefs: labels, samples: [{ value: 700, timestamp: T0 + STEP }, { value: 900, timestamp: T0 + 2 * STEP }], createdTimestamp: T0 }],
      }),
    );
    assert.equal((await receiveRemoteWrite(third, post(body, CONTENT_TYPE_V2))).samples, 2);
    await rounds(third).drain();
    const { rows } = await third.pool.query<{ interval_s: number; input_tokens: number }>('SELECT interval_s, input_tokens::int FROM gpu_sample ORDER BY ts');
    assert.deepEqual(rows, [{ interval_s: 10, input_tokens: 700 }, { interval_s: 10, input_tokens: 200 }]);
  } finally {
    await third.drop();
  }
});

test('a malformed body is refused with the reason and not journalled', async () => {
  await assert.rejects(receiveRemoteWrite(db, post(Buffer.from('not snappy at all'))), (e: Error & { status?: number }) => {
    assert.equal(e.status, 400);
    return true;
  });
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM remote_write_batch WHERE body = $1`, [Buffer.from('not snappy at all')]);
  assert.equal(rows[0].n, 0);
});

test('a round reads its bodies in the order they came, past the ninth (regression: ids sorted as text put body 10 before body 9)', async () => {
  const fourth = await createTestDb();
  try {
    const labels = toLabels({ __name__: 'sglang:prompt_tokens_total', node: 'p7', engine_type: 'prefill', dp_rank: '0' });
    for (let k = 0; k < 12; k++) {
      await receiveRemoteWrite(fourth, post(compress(encodeV1({ timeseries: [{ labels, samples: [{ value: 100 * k, timestamp: T0 + k * STEP }] }] }))));
    }
    const reader = new RemoteWriteRounds(fourth, { mapping: resolveMapping(), settleMs: 0, roundSamples: 1000, keepMs: 3_600_000, holdMs: 1000, quietMs: 0 });
    await reader.drain();
    const { rows } = await fourth.pool.query<{ n: number; input: number }>('SELECT count(*)::int AS n, sum(input_tokens)::int AS input FROM gpu_sample');
    assert.deepEqual(rows[0], { n: 11, input: 1100 });
    assert.ok(!reader.notices().some((n) => /at or before/.test(n.reason)));
  } finally {
    await fourth.drop();
  }
});
