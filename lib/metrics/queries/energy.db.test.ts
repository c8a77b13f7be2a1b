import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { gpuSample, storeRecords } from '@/lib/db/ingest/testRecords';
import { rawEnergySteps } from '@/lib/metrics/raw/rawEnergySteps';
import { rawNodeEnergySteps } from '@/lib/metrics/raw/rawNodeEnergySteps';
import { cutSteps, makeSteps } from '@/lib/metrics/steps';
import { roundDeep } from '@/lib/metrics/views/compare';
import { getEnergySteps } from './getEnergySteps';
import { getNodeEnergySteps } from './getNodeEnergySteps';

let db: TestDb;
const MID = Date.parse('2025-03-06T00:00:00Z'); // a UTC day boundary
const S = 1000;
const M = 60 * S;
const H = 60 * M;

before(async () => {
  db = await createTestDb();
  await storeRecords(db, [
    // a: dcgm-exporter energy counters on 10-minute samples, two of them across midnight, one across 01:00.
    gpuSample({ ts: MID - 5.5 * M, node: 'a', gpu: 0, intervalS: 600, energyJ: 6000, powerW: null }),
    gpuSample({ ts: MID + 4.5 * M, node: 'a', gpu: 0, intervalS: 600, energyJ: 6000, powerW: null }),
    gpuSample({ ts: MID + 4.5 * M, node: 'a', gpu: 1, intervalS: 600, energyJ: 6000, powerW: 999 }), // the counter wins over power
    gpuSample({ ts: MID + 65 * M, node: 'a', gpu: 0, intervalS: 600, energyJ: 1200, powerW: null }),
    // b: power only, a minute across midnight: 350 W × 30 s on each side.
    gpuSample({ ts: MID + 30 * S, node: 'b', gpu: 0, intervalS: 60, role: 'decode', powerW: 350 }),
    // c: neither power nor energy.
    gpuSample({ ts: MID + 60 * S, node: 'c', gpu: 0, intervalS: 120, powerW: null }),
  ]);
});
after(() => db.drop());

test('energy per node and day: counters split by overlap, else power × seconds, nothing measured is 0 J over reported time', async () => {
  const days = makeSteps({ start: MID - H, end: MID + 2 * H }, '1d', 'UTC');
  const rows = await getNodeEnergySteps(db.pool, days, {});
  assert.deepEqual(rows.map((r) => [r.step, r.node, r.role, r.energyJ, r.gpuSeconds]), [
    [0, 'a', 'prefill', 6000 + 3300 + 3300, 600 + 330 + 330],
    [0, 'b', 'decode', 10_500, 30],
    [0, 'c', 'prefill', 0, 60],
    [1, 'a', 'prefill', 2700 + 2700 + 1200, 270 + 270 + 600],
    [1, 'b', 'decode', 10_500, 30],
    [1, 'c', 'prefill', 0, 60],
  ]);
  const fleet = await getEnergySteps(db.pool, days, { nodes: ['a', 'b'] });
  assert.deepEqual(fleet.map((r) => [r.step, r.role, r.energyJ]), [[0, 'decode', 10_500], [0, 'prefill', 12_600], [1, 'decode', 10_500], [1, 'prefill', 6600]]);
});

test('the rollups give what the raw rows give, for steps across days, hours and a rate change inside an hour', async () => {
  const stepSets = [
    makeSteps({ start: MID - H, end: MID + 2 * H }, '1d', 'UTC'), // whole hours from the hour tier
    cutSteps(makeSteps({ start: MID - H, end: MID + 2 * H }, '1d', 'UTC'), [MID + 62 * M]), // an edge inside an hour: minutes
    makeSteps({ start: MID - 20 * M, end: MID + 70 * M }, '5m', 'UTC'),
    makeSteps({ start: MID - 6 * H, end: MID + 6 * H }, '1d', 'Asia/Kolkata'), // days from 18:30Z
  ];
  for (const steps of stepSets) {
    const what = `${steps.edges.map((e) => new Date(e).toISOString().slice(11, 16)).join(' ')}`;
    assert.deepEqual(roundDeep(await getNodeEnergySteps(db.pool, steps, {})), roundDeep(await rawNodeEnergySteps(db.pool, steps, {})), `nodes ${what}`);
    assert.deepEqual(roundDeep(await getEnergySteps(db.pool, steps, {})), roundDeep(await rawEnergySteps(db.pool, steps, {})), `fleet ${what}`);
  }
  const cut = stepSets[1];
  const pieces = await getNodeEnergySteps(db.pool, cut, { nodes: ['a'] });
  assert.deepEqual(pieces.map((r) => [r.step, r.energyJ]), [[0, 12_600], [1, 5400 + 840], [2, 360]]); // 01:02 cuts the last sample 7 : 3
});
