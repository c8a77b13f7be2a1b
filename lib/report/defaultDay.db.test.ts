import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gpuSample } from '@/lib/db/ingest/testRecords';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { ingestFile } from '@/lib/ingest/ingest';
import { recordToJsonLine } from '@/lib/simulate/serialize';
import { getDayCoverage, latestCompleteDay } from './defaultDay';

const H = 3_600_000;
const T0 = Date.parse('2025-04-01T00:00:00Z');

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

/** Hourly samples of one GPU ending at each of `hours` (hours after T0). */
async function ingestHours(hours: number[]): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fl-default-day-'));
  const file = path.join(dir, 'samples.jsonl');
  await writeFile(file, hours.map((h) => recordToJsonLine(gpuSample({ ts: T0 + h * H + 30 * 60_000, node: 'n1', gpu: 0, intervalS: 1800 }))).join('\n') + '\n');
  const summary = await ingestFile(db, file, { channel: 'cli' });
  await rm(dir, { recursive: true, force: true });
  assert.equal(summary.rejected, 0);
}

test('no data: today; data for part of a day only: that day', async () => {
  const utc = { timeZone: 'UTC', dayStart: '00:00' };
  assert.equal(await latestCompleteDay(db, utc, Date.parse('2026-01-02T10:00:00Z')), '2026-01-02');
  await ingestHours([30, 31, 32]); // 2025-04-02 06:00–09:00
  assert.equal(await latestCompleteDay(db, utc), '2025-04-02');
  const coverage = await getDayCoverage(db, { date: '2025-04-02', ...utc });
  assert.deepEqual([coverage.coveredMs, coverage.windowMs], [3 * H, 24 * H]);
});

test('the newest day the data covers whole, under the convention asked', async () => {
  await ingestHours(Array.from({ length: 30 }, (_, h) => h)); // 2025-04-01 00:00 to 2025-04-02 06:00, then 06:00–09:00
  assert.equal(await latestCompleteDay(db, { timeZone: 'UTC', dayStart: '00:00' }), '2025-04-01');
  // Days from 12:00 Beijing time run 04:00–04:00 UTC: 2025-04-01's is whole. On Kiritimati (UTC+14)
  // days run 10:00–10:00 UTC: none is whole, so the day of the newest data.
  assert.equal(await latestCompleteDay(db, { timeZone: 'Asia/Shanghai', dayStart: '12:00' }), '2025-04-01');
  assert.equal(await latestCompleteDay(db, { timeZone: 'Pacific/Kiritimati', dayStart: '00:00' }), '2025-04-02');
  assert.equal((await getDayCoverage(db, { date: '2025-04-01', timeZone: 'UTC', dayStart: '00:00' })).share, 1);
});
