import type { FleetProfile } from '../profile';
import { deepseek20250227 as reference } from './deepseek-2025-02-27';

/**
 * A small fleet for tests and demos: 5 nodes (2 prefill, 3 decode, one EP8 unit each) over two
 * hours, scaled down to 2 nodes from 00:45 to 01:15 UTC; the reference day's request mix,
 * latencies and experts. Prefill runs at DeepSeek's 73.7k tokens/s per node; output keeps the
 * reference input ÷ output ratio, so request records cover the counters as they do there.
 *
 *   prefill node-s = 2 × 5,400 + 1 × 1,800 = 12,600 → input = 73,700 × 12,600 = 928,620,000
 *   cache hits     = input × 0.5625 = 522,348,750
 *   output         = input × 167,966,666,667 ÷ 608e9 = 256,541,457
 *   decode node-s  = 3 × 5,400 + 1 × 1,800 = 18,000 → 14,252 output tokens/s per node
 */
const at = (time: string) => Date.parse(`${time}Z`);
const input = 73_700 * 12_600;

export const small: FleetProfile = {
  ...reference,
  name: 'small',
  description: 'a 5-node fleet (2 prefill, 3 decode) over two hours, down to 2 nodes for half an hour',
  window: { start: at('2025-03-01T00:00:00'), end: at('2025-03-01T02:00:00') },
  prefillUnit: { nodes: 1, redundantExperts: 8 },
  decodeUnit: { nodes: 1, redundantExperts: 8 },
  steps: [
    { at: at('2025-03-01T00:00:00'), prefillUnits: 2, decodeUnits: 3 },
    { at: at('2025-03-01T00:45:00'), prefillUnits: 1, decodeUnits: 1 },
    { at: at('2025-03-01T01:15:00'), prefillUnits: 2, decodeUnits: 3 },
  ],
  totals: {
    inputTokens: input,
    cachedTokens: (input * 9) / 16,
    outputTokens: Math.round(input * (reference.totals.outputTokens / reference.totals.inputTokens)),
  },
  load: () => 1,
  decodeSpeed: () => 21,
  expertLayers: [0],
};
