import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { listAudit } from './audit';
import { getDaySettings, saveDaySettings } from './orgSettings';
import { formatPricingFile, parsePricingFile } from './pricingFile';
import { loadPricing, savePricing } from './pricingStore';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('a migrated database holds DEFAULT_PRICING and 00:00 UTC days', async () => {
  assert.equal(formatPricingFile(await loadPricing(db)), formatPricingFile(DEFAULT_PRICING));
  assert.deepEqual(await getDaySettings(db), { timeZone: 'UTC', dayStart: '00:00' });
});

test('saving pricing replaces it and is one audited change with before and after', async () => {
  const changed = structuredClone(DEFAULT_PRICING);
  changed.rateCards = [
    { gpuType: 'H800', usdPerGpuHour: '2.00', effectiveFrom: 0, effectiveTo: Date.parse('2025-03-01T00:00:00Z') },
    { gpuType: 'H800', usdPerGpuHour: '1.80', effectiveFrom: Date.parse('2025-03-01T00:00:00Z'), effectiveTo: null },
  ];
  changed.billableSources = ['api', 'app'];
  assert.equal(await savePricing(db, changed, 'test', 'pricing.import'), true);
  assert.equal(formatPricingFile(await loadPricing(db)), formatPricingFile(changed));
  assert.equal(await savePricing(db, changed, 'test', 'pricing.import'), false); // nothing changed: no audit entry
  const [entry, ...rest] = await listAudit(db);
  assert.equal(rest.length, 0);
  assert.equal(entry.action, 'pricing.import');
  assert.equal((entry.before as { rateCards: unknown[] }).rateCards.length, 1);
  assert.equal((entry.after as { rateCards: unknown[] }).rateCards.length, 2);
});

test('invalid pricing is refused and nothing is written', async () => {
  const overlapping = structuredClone(DEFAULT_PRICING);
  overlapping.rateCards.push({ gpuType: 'H800', usdPerGpuHour: '3', effectiveFrom: 0, effectiveTo: null });
  await assert.rejects(savePricing(db, overlapping, 'test', 'pricing.update'), /two entries in force/);
  assert.equal((await listAudit(db)).length, 1);
});

test('electricity rates are saved as one audited change; a file without them keeps the stored ones', async () => {
  const rates = [
    { usdPerKwh: '0.10', effectiveFrom: 0, effectiveTo: Date.parse('2025-03-01T10:30:00Z') },
    { usdPerKwh: '0.125', effectiveFrom: Date.parse('2025-03-01T10:30:00Z'), effectiveTo: null },
  ];
  assert.equal(await savePricing(db, { ...(await loadPricing(db)), electricityRates: rates }, 'finance', 'pricing.update'), true);
  assert.deepEqual((await loadPricing(db)).electricityRates, [{ ...rates[0], usdPerKwh: '0.1' }, rates[1]]);
  const [entry] = await listAudit(db);
  assert.equal(entry.action, 'pricing.update');
  assert.deepEqual((entry.before as { electricityRates: unknown[] }).electricityRates, []);
  assert.equal((entry.after as { electricityRates: unknown[] }).electricityRates.length, 2);

  const { electricityRates: _rates, ...older } = JSON.parse(formatPricingFile(DEFAULT_PRICING));
  assert.equal(await savePricing(db, parsePricingFile(JSON.stringify(older)), 'cli', 'pricing.import'), true); // the rate cards etc. change back
  assert.equal((await loadPricing(db)).electricityRates.length, 2);
  assert.equal(await savePricing(db, parsePricingFile(formatPricingFile(DEFAULT_PRICING)), 'cli', 'pricing.import'), true);
  assert.deepEqual((await loadPricing(db)).electricityRates, []); // an empty list removes them
});

test('day settings are validated and audited', async () => {
  await assert.rejects(saveDaySettings(db, { timeZone: 'Mars/Olympus', dayStart: '00:00' }, 'test'), /unknown time zone/);
  assert.equal(await saveDaySettings(db, { timeZone: 'Asia/Shanghai', dayStart: '12:00' }, 'test'), true);
  assert.deepEqual(await getDaySettings(db), { timeZone: 'Asia/Shanghai', dayStart: '12:00' });
  const [entry] = await listAudit(db);
  assert.equal(entry.action, 'settings.update');
  assert.deepEqual(entry.before, { timeZone: 'UTC', dayStart: '00:00' });
});
