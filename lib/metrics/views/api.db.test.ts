import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { GET } from '@/app/api/v1/metrics/[view]/route';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { ingestFile } from '@/lib/ingest/ingest';
import { computeDailyReport } from '@/lib/report/live';
import { recordToJsonLine } from '@/lib/simulate/serialize';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FLEET_T0, TEST_FLEET } from './testFleet';
import type { View } from './types';

let db: TestDb;
let token: string;
const dir = mkdtempSync(path.join(tmpdir(), 'fl-metrics-api-'));

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url; // the route handlers' getDb()
  const file = path.join(dir, 'fleet.jsonl');
  writeFileSync(file, TEST_FLEET.map(recordToJsonLine).join('\n') + '\n');
  const summary = await ingestFile(db, file, { channel: 'cli' });
  assert.equal(summary.rejected, 0);
  token = (await createApiToken(db, 'metrics-test')).token;
});
after(async () => {
  await closeGlobalDb();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function get(pathAndQuery: string, auth = true): Promise<Response> {
  const url = new URL(`http://localhost/api/v1/metrics/${pathAndQuery}`);
  const view = url.pathname.split('/').pop() as string;
  const request = new Request(url, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
  return GET(request, { params: Promise.resolve({ view }) });
}

const day = 'from=2025-03-05T00:00:00Z&to=2025-03-06T00:00:00Z&tz=UTC';

test('the API needs a bearer token and names unknown views and bad queries', async () => {
  assert.equal((await get(`overview?${day}`, false)).status, 401);
  const unknown = await get(`costs?${day}`);
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, 'not_found');
  const bad = await get('nodes?from=yesterday&tz=Mars/Olympus&step=2h');
  assert.equal(bad.status, 400);
  assert.deepEqual(((await bad.json()).error.details as { path: string }[]).map((d) => d.path).sort(), ['from', 'step', 'tz']);
  assert.equal((await get('nodes?from=2025-03-05T02:00:00Z&to=2025-03-05T01:00:00Z')).status, 400);
  assert.equal((await get('nodes?range=30d&step=1m')).status, 400); // 43,200 points
});

test('a partial date, a year out of range or an unbounded filter list is a 400 saying what is expected', async () => {
  const cases: [string, RegExp][] = [
    ['overview?from=1&to=2', /from: "1" is not an instant: expected a full ISO 8601 instant with its zone/], // `new Date('1')` is 2001
    ['overview?from=0001-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', /in the years 2000–2100/],
    [`nodes?${day}&${Array.from({ length: 1001 }, (_, i) => `node=n${i}`).join('&')}`, /node: expected at most 1000 values/],
  ];
  for (const [query, message] of cases) {
    const response = await get(query);
    assert.equal(response.status, 400, query);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bad_request');
    assert.match(body.error.message, message, query);
  }
});

test('every view answers with figures as {value, source, coverage} (and absent, note where a value needs them)', async () => {
  for (const name of ['overview', 'throughput', 'cache', 'kv', 'nodes', 'latency', 'balance', 'experts']) {
    const response = await get(`${name}?${day}`);
    assert.equal(response.status, 200, name);
    assert.match(response.headers.get('cache-control') ?? '', /no-store/);
    const body = (await response.json()) as View;
    assert.equal(body.view, name);
    assert.equal(body.step, '1h');
    assert.ok(Object.keys(body.figures).length > 0, name);
    for (const f of Object.values(body.figures)) {
      assert.deepEqual(Object.keys(f).filter((k) => k !== 'absent' && k !== 'note').sort(), ['coverage', 'source', 'value']);
      if (f.absent) assert.equal(f.value, null);
    }
  }
});

test('the overview over a day carries the daily report figures under the same names', async () => {
  const body = (await (await get(`overview?${day}`)).json()) as View & { previous: View['figures'] };
  const report = await computeDailyReport(db, { date: '2025-03-05', timeZone: 'UTC', dayStart: '00:00' });
  assert.equal(body.figures['cost.total'].value, report.cost.total);
  assert.equal(body.figures['revenue.theoretical'].value, report.revenue.theoretical);
  assert.equal(body.figures['tokens.input'].value, report.tokens.input);
  assert.equal(body.figures['tokens.input'].source, report.tokens.source);
  assert.equal(body.previous['tokens.input'].value, 0);
  // Where the figures came from: the canonical JSONL file this test loaded.
  assert.deepEqual(body.inputs, [{ source: 'canonical', formats: ['jsonl'] }]);
});

test('filters narrow the figures: a node, a role, a model', async () => {
  const q = 'from=2025-03-05T00:00:00Z&to=2025-03-05T02:00:00Z';
  const p1 = (await (await get(`throughput?${q}&node=p1`)).json()) as View;
  assert.equal(p1.figures['tokens.input'].value, 216_000);
  assert.equal(p1.figures['tokens.output'].value, 0);
  const v3 = (await (await get(`cache?${q}&model=deepseek-v3`)).json()) as View;
  assert.equal(v3.figures['tokens.input'].source, 'requests');
  assert.equal(v3.figures['tokens.input'].value, 2000);
  const decode = (await (await get(`balance?${q}&role=decode&objective=kv`)).json()) as View;
  assert.equal(decode.filters.role, 'decode');
  // 10-minute columns (1m steps): d1/0 is alone with d1/1 for the first half hour (0.5 × mean), e1/0 only at 0.6 × mean.
  assert.deepEqual(decode.tables[0].rows.map((r) => `${r.node}/${r.gpu}`), ['d1/1', 'e1/0', 'd1/0']);
  const relative = (await (await get('nodes?range=24h')).json()) as View;
  // Without from/to the range ends with the newest data (the fleet is in the past).
  assert.equal(Date.parse(relative.window.end), FLEET_T0 + 2 * 3_600_000);
});
