import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { reportPdf } from './pdfCache';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(async () => {
  await db.drop();
});

const day = { date: '2025-03-03', timeZone: 'Asia/Shanghai', dayStart: '12:00' };

/** A printer that counts its prints and prints different bytes each time. */
function printer() {
  const counter = { prints: 0 };
  const print = async () => {
    counter.prints += 1;
    return Buffer.from(`%PDF print ${counter.prints} ${Math.random()}`);
  };
  return { counter, print };
}

test("a closed day's version is printed once; its second download is the stored bytes", async () => {
  const { counter, print } = printer();
  const first = await reportPdf(db, day, { status: 'closed', version: 1 }, print);
  const second = await reportPdf(db, day, { status: 'closed', version: 1 }, print);
  assert.equal(counter.prints, 1);
  assert.deepEqual({ first: first.fromCache, second: second.fromCache }, { first: false, second: true });
  assert.ok(second.pdf.equals(first.pdf));
});

test('a restated version, another zone or another day start is a different PDF', async () => {
  const { counter, print } = printer();
  await reportPdf(db, day, { status: 'closed', version: 2 }, print);
  await reportPdf(db, { ...day, timeZone: 'UTC' }, { status: 'closed', version: 1 }, print);
  await reportPdf(db, { ...day, dayStart: '00:00' }, { status: 'closed', version: 1 }, print);
  assert.equal(counter.prints, 3);
});

test("an open day's live figures are printed every time, never stored", async () => {
  const { counter, print } = printer();
  const openDay = { ...day, date: '2025-03-04' };
  await reportPdf(db, openDay, { status: 'open', version: null }, print);
  const again = await reportPdf(db, openDay, { status: 'open', version: null }, print);
  assert.equal(counter.prints, 2);
  assert.equal(again.fromCache, false);
  assert.equal(await db.prisma.reportPdf.count({ where: { day: openDay.date } }), 0);
});
