import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { getDaySettings, saveDaySettings } from '@/lib/settings/orgSettings';
import { DEMO_DAY, loadDemo, removeDemo, type DemoSettings } from './demo';

/** The reference day's first 3 hours, hourly-ish samples, few requests: fast to load. */
const SMALL: Partial<DemoSettings> = { hours: 3, scale: 0.00002, sampleIntervalS: 900 };

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test("a fresh organisation takes the demo's day; one that chose its own keeps it", async () => {
  await loadDemo(db, { settings: SMALL, log: () => undefined });
  assert.deepEqual(await getDaySettings(db), { timeZone: DEMO_DAY.timeZone, dayStart: DEMO_DAY.dayStart });
  await removeDemo(db);
  await saveDaySettings(db, { timeZone: 'Europe/Paris', dayStart: '00:00' }, 'test');
  await loadDemo(db, { settings: SMALL, log: () => undefined });
  assert.deepEqual(await getDaySettings(db), { timeZone: 'Europe/Paris', dayStart: '00:00' });
});
