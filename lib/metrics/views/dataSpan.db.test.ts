import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { storeRecords } from '@/lib/db/ingest/testRecords';
import { getDataExtent } from '@/lib/metrics/queries/getDataExtent';
import { rollupReader } from '@/lib/metrics/rollupReader';
import { loadViewSettings } from './index';
import { overviewView } from './overview';
import { withDataSpan } from './params';
import { FLEET_T0, TEST_FLEET } from './testFleet';
import type { ViewQuery } from './types';

let db: TestDb;
const H = 3_600_000;
const DAY = 24 * H;

before(async () => {
  db = await createTestDb();
  await storeRecords(db, TEST_FLEET);
});
after(async () => {
  await db.drop();
});

const query = (start: number, end: number, step: ViewQuery['step']): ViewQuery => ({ window: { start, end }, step, timeZone: 'Asia/Shanghai', dayStart: '12:00' });

test('the overview reads only the span holding data, with the same figures as over the whole window', async () => {
  const extent = await getDataExtent(db.pool);
  const { pricing } = await loadViewSettings(db);
  const reader = rollupReader(db.pool);
  const windows: [string, ViewQuery][] = [
    ['the fleet day', query(FLEET_T0, FLEET_T0 + DAY, '1h')],
    ['three years up to it', query(FLEET_T0 + DAY - 3 * 365 * DAY, FLEET_T0 + DAY, '1d')],
    ['from mid-day, not on an hour', query(FLEET_T0 + 6 * H + 17 * 60_000, FLEET_T0 + 30 * H + 17 * 60_000, '1h')],
    ['the day after, its previous window the fleet day', query(FLEET_T0 + DAY, FLEET_T0 + 2 * DAY, '1h')],
    ['a year before any data', query(FLEET_T0 - 400 * DAY, FLEET_T0 - 35 * DAY, '1d')],
  ];
  for (const [label, q] of windows) {
    const spanned = withDataSpan(q, extent);
    const whole = await overviewView(reader, q, pricing);
    assert.deepEqual(await overviewView(reader, spanned, pricing), whole, label);
    if (label.startsWith('three years')) assert.ok(spanned.dataSpan && spanned.dataSpan.end - spanned.dataSpan.start <= 2 * DAY, 'the span is the data, not the range');
    if (label.startsWith('a year before')) assert.equal(spanned.dataSpan, null);
  }
  assert.ok(Object.values((await overviewView(reader, windows[0][1], pricing)).figures).some((f) => f.value !== null && f.value > 0), 'the fleet day has figures');
});
