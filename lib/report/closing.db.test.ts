import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { gpuSample, nodeEvent, request, storeRecords } from '@/lib/db/ingest/testRecords';
import { toApiError } from '@/lib/http/envelope';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { saveDaySettings } from '@/lib/settings/orgSettings';
import { closeDay, getRestatement } from './closing';
import { computeDailyReport } from './live';
import { monthlySummary } from './monthly';

let db: TestDb;
const T0 = Date.parse('2025-03-03T00:00:00Z');
const H = 3_600_000;
const UTC_DAY = { timeZone: 'UTC', dayStart: '00:00' };

const store = (records: CanonicalRecord[], fileName: string) => storeRecords(db, records, { fileName });

/** The 4xx a refused close answers with (status and message of its error envelope). */
async function refusal(closing: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await closing;
  } catch (e) {
    const { status, message } = toApiError(e);
    return { status, message };
  }
  throw new Error('the close was not refused');
}

before(async () => {
  db = await createTestDb();
  await store([
    nodeEvent({ ts: T0, node: 'd1', state: 'decode', gpuCount: 2 }),
    ...[0, 1].flatMap((gpu) => Array.from({ length: 48 }, (_, h) => gpuSample({ ts: T0 + (h + 1) * H, node: 'd1', gpu, intervalS: 3600, role: 'decode', outputTokens: 1e5 }))),
    request({ requestId: 'a', arrivedAt: T0 + H, sampleWeight: 1000 }),
  ], 'fleet');
});
after(() => db.drop());

test('a day is closed only under the organisation\'s zone and day start', async () => {
  const shanghai = { date: '2025-03-03', timeZone: 'Asia/Shanghai', dayStart: '12:00' };
  const refused = await refusal(closeDay(db, shanghai, 'finance'));
  assert.equal(refused.status, 400);
  assert.match(refused.message, /closed only under the organisation's day \(from 00:00 UTC, set in Settings\); this is the day from 12:00 Asia\/Shanghai/);
  assert.equal(await getRestatement(db, shanghai), null); // nothing stored

  await saveDaySettings(db, { timeZone: 'Asia/Shanghai', dayStart: '12:00' }, 'finance');
  const underUtc = await refusal(closeDay(db, { date: '2025-03-02', ...UTC_DAY }, 'finance'));
  assert.equal(underUtc.status, 400);
  assert.match(underUtc.message, /from 12:00 Asia\/Shanghai/);
  await saveDaySettings(db, UTC_DAY, 'finance');
});

test('the current day and a future day cannot be closed', async () => {
  const midday = T0 + 12 * H;
  const today = await refusal(closeDay(db, { date: '2025-03-03', ...UTC_DAY }, 'finance', { now: midday }));
  assert.equal(today.status, 409);
  assert.match(today.message, /2025-03-03 has not ended: it ends 2025-03-04 00:00 UTC/);
  const future = await refusal(closeDay(db, { date: '2025-03-10', ...UTC_DAY }, 'finance', { now: midday }));
  assert.equal(future.status, 409);
  const justOver = await closeDay(db, { date: '2025-03-02', ...UTC_DAY }, 'finance', { now: T0 }); // ended at T0
  assert.equal(justOver.version, 1);
});

test('a close of totals that moved since they were confirmed is refused', async () => {
  const day = { date: '2025-03-03', ...UTC_DAY };
  const shown = await computeDailyReport(db, day);
  const stale = { cost: shown.cost.total, theoreticalRevenue: shown.revenue.theoretical, actualRevenue: shown.revenue.actual + 1 };
  const refused = await refusal(closeDay(db, day, 'finance', { confirmed: stale }));
  assert.equal(refused.status, 409);
  assert.match(refused.message, /changed since they were shown/);
  const confirmed = { ...stale, actualRevenue: shown.revenue.actual };
  assert.equal((await closeDay(db, day, 'finance', { confirmed })).version, 1);
});

test('the month flags a restatement only where a figure changed, not after unrelated changes', async () => {
  const month = () => monthlySummary(db, '2025-03', UTC_DAY, T0 + 3 * 24 * H);
  const flagged = async () => (await month()).days.filter((d) => d.restatedFigures > 0).map((d) => d.date);
  assert.deepEqual((await month()).days.filter((d) => d.status === 'closed').map((d) => d.date), ['2025-03-02', '2025-03-03']);
  assert.deepEqual(await flagged(), []);

  // An expert-load ingest inside the day and an organisation-day edit change no figure of the report.
  await store([{ type: 'expert_load', ts: T0 + 2 * H, intervalS: 60, phase: 'decode', layer: 3, expert: 7, node: 'd1', gpu: 0, tokens: 5000 }], 'experts');
  await saveDaySettings(db, { timeZone: 'Asia/Shanghai', dayStart: '12:00' }, 'finance');
  await saveDaySettings(db, UTC_DAY, 'finance');
  assert.deepEqual(await flagged(), []);
  assert.deepEqual((await getRestatement(db, { date: '2025-03-03', ...UTC_DAY }))?.changes, []);

  await store([request({ requestId: 'late', arrivedAt: T0 + 5 * H, sampleWeight: 1000 })], 'late');
  assert.deepEqual(await flagged(), ['2025-03-03']);
  const day = (await month()).days.find((d) => d.date === '2025-03-03');
  const page = await getRestatement(db, { date: '2025-03-03', ...UTC_DAY });
  assert.equal(day?.restatedFigures, page?.changes.length); // the badge and the day's page agree
});
