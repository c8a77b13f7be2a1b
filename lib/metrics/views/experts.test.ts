import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { parseBytes } from '@/lib/ingest/parse-testing';
import { DEFAULT_BALANCER } from '@/lib/metrics/balancerSettings';
import { placeExperts, routedExpertCount } from './experts';

test('the example expert loads are a whole layer that EPLB places with the default balancer settings', () => {
  const parsed = parseBytes(canonicalJsonl, readFileSync('docs/examples/expert_load.jsonl'), { now: Date.parse('2025-03-01T00:00:00Z') });
  assert.deepEqual(parsed.errors, []);
  for (const phase of ['prefill', 'decode'] as const) {
    const tokens = new Map<number, number>();
    const gpus = new Set<string>();
    for (const r of parsed.records) {
      if (r.type !== 'expert_load' || r.phase !== phase) continue;
      tokens.set(r.expert, (tokens.get(r.expert) ?? 0) + r.tokens);
      gpus.add(`${r.node}/${r.gpu}`);
    }
    const setting = DEFAULT_BALANCER[phase];
    assert.equal(gpus.size, setting.gpus, phase);
    const routed = routedExpertCount([...tokens].map(([expert, t]) => ({ expert, tokens: t })), setting.groups);
    assert.equal(routed, 256, phase);
    const weight = Array.from({ length: routed }, (_, e) => tokens.get(e) ?? 0);
    assert.ok(weight.every((w) => w > 0), `${phase}: every routed expert has load`);
    const placed = placeExperts(weight, setting, phase);
    assert.ok(typeof placed !== 'string', `${phase}: ${placed as string}`);
    assert.ok(placed.balancedness > 0.5 && placed.balancedness <= 1, phase);
  }
});
