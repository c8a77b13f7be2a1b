import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { ingestFile } from '@/lib/ingest/ingest';
import { saveBalancerSetting } from '@/lib/metrics/balancerSettings';
import { serveView } from './serve';

// docs/examples/expert_load.jsonl through the real ingest and the Experts view, settings as stored.
let db: TestDb;
before(async () => {
  db = await createTestDb();
  const summary = await ingestFile(db, 'docs/examples/expert_load.jsonl', { channel: 'cli' });
  assert.equal(summary.error, undefined);
  assert.equal(summary.rejected, 0);
});
after(() => db.drop());

const RANGE = { from: Date.parse('2025-02-27T04:00:00Z'), to: Date.parse('2025-02-27T05:00:00Z'), node: [] };

test('the example file ingests and the Experts view places both phases with the default settings', async () => {
  for (const phase of ['prefill', 'decode'] as const) {
    const view = await serveView(db, 'experts', { ...RANGE, phase, layer: 3 });
    assert.deepEqual(view.notes.filter((n) => n.startsWith('EPLB cannot')), [], phase);
    const eplb = view.figures['experts.balancedness.eplb'].value;
    assert.ok(eplb !== null && eplb > 0.5 && eplb <= 1, `${phase}: EPLB balancedness ${eplb}`);
    const placement = view.tables.find((t) => t.id === 'placement');
    assert.equal(placement?.rows.length, phase === 'prefill' ? 32 : 144, phase);
  }
});

test('settings that do not fit the layer say on the view which setting to change, and to what', async () => {
  await saveBalancerSetting(db, 'decode', { groups: 8, nodes: 4, gpus: 32, redundant: 30 }, 'test');
  const view = await serveView(db, 'experts', { ...RANGE, phase: 'decode', layer: 3 });
  assert.deepEqual(view.notes.filter((n) => n.startsWith('EPLB cannot')), [
    // 286 slots have no divisor that is a multiple of 4 nodes: only the redundant slots can change.
    'EPLB cannot place decode layer 3 — decode: 286 expert slots (256 routed + 30 redundant; the loads name experts 0–255) do not divide over 32 GPUs: ' +
      'set Redundant slots to 0 or 32 (Load balancer settings per role, on the Experts page, decode).',
  ]);
});
