import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { DEFAULT_BALANCER } from '@/lib/metrics/balancerSettings';
import { rawReader } from '@/lib/metrics/raw/rawReader';
import { rollupReader } from '@/lib/metrics/rollupReader';
import { roundDeep } from '@/lib/metrics/views/compare';
import { computeView, type ViewSettings } from '@/lib/metrics/views/index';
import { FLEET_T0, TEST_FLEET } from '@/lib/metrics/views/testFleet';
import type { ViewName, ViewQuery } from '@/lib/metrics/views/types';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { saveDaySettings, type DaySettings } from '@/lib/settings/orgSettings';
import { dayOfHour } from '@/lib/time/dayGrid';
import { deleteJob } from './jobs';
import { syncDayTier } from './syncDayTier';
import { storeRecords } from './testRecords';

let db: TestDb;
const HOUR = 3_600_000;
const SHANGHAI_NOON: DaySettings = { timeZone: 'Asia/Shanghai', dayStart: '12:00' };
let shiftedJob: bigint;

/** The test fleet three hours later (its own request ids): the two together cross 04:00 UTC, noon in Shanghai. */
function later(r: CanonicalRecord): CanonicalRecord {
  const by = (t: number | null) => (t === null ? null : t + 3 * HOUR);
  if (r.type === 'request') return { ...r, requestId: `${r.requestId}-later`, arrivedAt: r.arrivedAt + 3 * HOUR, firstTokenAt: by(r.firstTokenAt), finishedAt: by(r.finishedAt) };
  return { ...r, ts: r.ts + 3 * HOUR };
}

before(async () => {
  db = await createTestDb();
  await storeRecords(db, TEST_FLEET, { fileName: 'fleet' });
  shiftedJob = (await storeRecords(db, TEST_FLEET.map(later), { fileName: 'later' })).jobId;
});
after(() => db.drop());

/** Each day row of the node, GPU and request tiers against its hours summed per day of `grid`. */
async function assertDaysAreHourSums(grid: DaySettings): Promise<void> {
  const dayOf = dayOfHour(grid);
  for (const [day, hour, column] of [
    ['rollup_node_day', 'rollup_node_hour', 'gpu_seconds'], ['rollup_gpu_day', 'rollup_gpu_hour', 'output_tokens'], ['rollup_request_day', 'rollup_request_hour', 'input_tokens'],
  ]) {
    const hours = (await db.pool.query<{ at: Date; v: number }>(`SELECT bucket AS at, sum(${column})::float8 AS v FROM ${hour} GROUP BY 1`)).rows;
    const expected = new Map<number, number>();
    for (const h of hours) {
      const d = dayOf(h.at.getTime());
      if (d) expected.set(d.start, (expected.get(d.start) ?? 0) + h.v);
    }
    const days = (await db.pool.query<{ at: Date; v: number }>(`SELECT bucket AS at, sum(${column})::float8 AS v FROM ${day} GROUP BY 1 ORDER BY 1`)).rows;
    assert.deepEqual(days.map((d) => [d.at.toISOString(), d.v]), [...expected].sort((a, b) => a[0] - b[0]).map(([at, v]) => [new Date(at).toISOString(), v]), day);
  }
}

const settings: ViewSettings = {
  pricing: DEFAULT_PRICING,
  balancer: { ...DEFAULT_BALANCER, decode: { groups: 2, nodes: 1, gpus: 2, redundant: 2 } },
  now: FLEET_T0 + 8 * HOUR,
};

// Views reading each tier: node counters (throughput), requests and histograms (latency), GPUs
// (kv). No more: the raw reader takes seconds a view on Citus.
const TIERED_VIEWS: ViewName[] = ['throughput', 'latency', 'kv'];

async function assertViewsMatchRaw(q: ViewQuery): Promise<void> {
  for (const name of TIERED_VIEWS) {
    const [fromRollups, fromRaw] = await Promise.all([computeView(name, rollupReader(db.pool), q, settings), computeView(name, rawReader(db.pool), q, settings)]);
    assert.deepEqual(roundDeep(fromRollups), roundDeep(fromRaw), `${name} in ${q.timeZone} from ${q.dayStart}`);
  }
}

// From 10:10 Shanghai time the day before the fleet's day to noon the day after it: whole
// Shanghai-noon days 03-04 and 03-05, one whole UTC day (03-05), partial days at both ends.
const window = { start: FLEET_T0 - 22 * HOUR + 10 * 60_000, end: FLEET_T0 + 28 * HOUR };

test('a new database keys its day tier by UTC days, the default organisation day', async () => {
  await assertDaysAreHourSums({ timeZone: 'UTC', dayStart: '00:00' });
  const { rows } = await db.pool.query(`SELECT DISTINCT extract(hour FROM bucket AT TIME ZONE 'UTC')::int AS h FROM rollup_node_day`);
  assert.deepEqual(rows, [{ h: 0 }]);
  await assertViewsMatchRaw({ window, step: '1d', timeZone: 'UTC', dayStart: '00:00' });
});

/** The organisation's day saved, and the tier keyed by it (saving keys it in the background). */
async function saveDay(day: DaySettings): Promise<void> {
  assert.equal(await saveDaySettings(db, day, 'test'), true);
  const client = await db.pool.connect();
  try {
    await syncDayTier(client);
  } finally {
    client.release();
  }
}

test('changing the organisation day re-keys the tier: a Shanghai noon day is one row', async () => {
  await saveDay(SHANGHAI_NOON);
  const { rows } = await db.pool.query<{ at: Date }>(`SELECT DISTINCT bucket AS at FROM rollup_node_day ORDER BY 1`);
  assert.deepEqual(rows.map((r) => r.at.toISOString()), ['2025-03-04T04:00:00.000Z', '2025-03-05T04:00:00.000Z']);
  await assertDaysAreHourSums(SHANGHAI_NOON);
  await assertViewsMatchRaw({ window, step: '1d', ...SHANGHAI_NOON });
});

test('deleting a job re-derives the days it touched from the hours left', async () => {
  await deleteJob(db, shiftedJob);
  await assertDaysAreHourSums(SHANGHAI_NOON);
  await storeRecords(db, TEST_FLEET.map(later), { fileName: 'later again' });
  await assertDaysAreHourSums(SHANGHAI_NOON);
});

test('an interrupted keying leaves the older days to the hours, and the next sync derives them', async () => {
  // As if the keying stopped after the newest day: the older day's rows are not there yet.
  await db.pool.query(`UPDATE day_rollup_grid SET derived_from = '2025-03-05T04:00:00Z'`);
  for (const table of ['rollup_node_day', 'rollup_gpu_day', 'rollup_request_day', 'rollup_request_hist_day']) {
    await db.pool.query(`DELETE FROM ${table} WHERE bucket < '2025-03-05T04:00:00Z'`);
  }
  await assertViewsMatchRaw({ window, step: '1d', ...SHANGHAI_NOON });
  const client = await db.pool.connect();
  try {
    assert.equal(await syncDayTier(client), false);
  } finally {
    client.release();
  }
  assert.deepEqual((await db.pool.query(`SELECT derived_from FROM day_rollup_grid`)).rows, [{ derived_from: null }]);
  await assertDaysAreHourSums(SHANGHAI_NOON);
});

test('a day that does not start on a whole UTC hour is left out of the tier, and read from hours', async () => {
  const kolkata = { timeZone: 'Asia/Kolkata', dayStart: '00:00' };
  await saveDay(kolkata);
  assert.deepEqual((await db.pool.query(`SELECT count(*)::int AS n FROM rollup_node_day`)).rows, [{ n: 0 }]);
  await storeRecords(db, TEST_FLEET.map((r) => later(later(r))), { fileName: 'six hours later' });
  assert.deepEqual((await db.pool.query(`SELECT count(*)::int AS n FROM rollup_node_day`)).rows, [{ n: 0 }]);
  await assertViewsMatchRaw({ window, step: '1d', ...kolkata });
});
