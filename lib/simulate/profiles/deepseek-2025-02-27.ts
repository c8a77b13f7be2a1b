import type { FleetProfile, FleetStep, SourceShare } from '../profile';

/**
 * DeepSeek's published day of V3/R1 serving (docs/design.md "The reference day"):
 * UTC+8 2025-02-27 12:00 → 2025-02-28 12:00, i.e. 2025-02-27T04:00Z → 2025-02-28T04:00Z.
 *
 * Nodes. Each 30-node step of the published curve is one decode unit (18 nodes) and three
 * prefill units (3 × 4 nodes); that is the only split in whole units that keeps prefill at
 * ~42% of the nodes at every step (278 = 29·4 + 9·18 … 68 = 8·4 + 2·18):
 *
 *   local from  hours  nodes  prefill (units)  decode (units)
 *   12:00       12     278    116 (29)         162 (9)
 *   00:00       1.25   218     92 (23)         126 (7)
 *   01:15       0.75   188     80 (20)         108 (6)
 *   02:00       0.75   158     68 (17)          90 (5)
 *   02:45       0.25   128     56 (14)          72 (4)
 *   03:00       0.5     98     44 (11)          54 (3)
 *   03:30       3       68     32 (8)           36 (2)
 *   06:30       0.5     98     44 (11)          54 (3)
 *   07:00       0.5    128     56 (14)          72 (4)
 *   07:30       0.5    188     80 (20)         108 (6)
 *   08:00       0.5    218     92 (23)         126 (7)
 *   08:30       3.5    278    116 (29)         162 (9)
 *
 *   node-hours   = 278·15.5 + 218·1.75 + 188·1.25 + 158·0.75 + 128·0.75 + 98·1 + 68·3 = 5,442
 *                  → average 5,442 ÷ 24 = 226.75 nodes, peak 278
 *   cost         = 5,442 node-h × 8 GPUs × $2 = $87,072; a full hour at 278 nodes = 278 × 8 × $2 = $4,448
 *   prefill      = 116·15.5 + 92·1.75 + 80·1.25 + 68·0.75 + 56·0.75 + 44·1 + 32·3 = 2,292 node-h
 *   decode       = 5,442 − 2,292 = 3,150 node-h
 *
 * Tokens (exact day totals of the GPU counters).
 *   input   608,000,000,000; cache hits 342,000,000,000 (ratio 0.5625, published as 56.3%)
 *   output  167,966,666,667: the published $562,027 fixes it, since at R1 list prices
 *           342,000 M × $0.14 + 266,000 M × $0.55 = $194,180 of input, and
 *           ($562,027 − $194,180) ÷ $2.19 per M = 167,966.666667 M output (published: 168B)
 *   margin  ($562,027 − $87,072) ÷ $87,072 = 5.4547 (545%)
 *   prefill per node = 608e9 ÷ (2,292 × 3,600 s) = 73,686 tokens/s (published 73.7k: −0.02%)
 *   decode per node  = 167,966,666,667 ÷ (3,150 × 3,600 s) = 14,812 tokens/s (published 14.8k: +0.08%)
 *
 * Load. Demand is nodes in service × load(t), with load 1 + 0.05·cos(2π(h − 15)/24) − 0.12 at
 * 04:30 (a 2.5-hour Gaussian dip): the fleet is scaled down at night a little faster than traffic
 * falls, so at 68 nodes theoretical income is ~$6k/h and at 278 nodes $27k–31k/h.
 *
 * Requests. Lognormal lengths (discretised, clamped to the limits): R1 45% of requests (input
 * median 1,540, σ 1.15; reasoning output median 1,502, σ 0.75, ≤ 32K), V3 55% (input median
 * 2,392, σ 1.3, ≤ 64K; output median 346, σ 0.9, ≤ 8K). Exact table moments: mean input 4,269.8,
 * mean output 1,179.6, input ÷ output 3.6196 (counters: 3.6198), so weighted request tokens cover
 * the counters; KV-cache length per output token E[O·I + O(O−1)/2] ÷ E[O] = 4,988 (published
 * 4,989). ~142.4M requests a day (1,648/s), 142.4k records at --scale 0.001. A quarter of the
 * requests miss the prefix cache; the rest hit a uniform 50–100% of their input: mean 0.5625.
 * Decode speed 23.6 − 2.6·load tokens/s (≈ 21, a little slower at the busiest hours). A prefill
 * GPU computes 73.7k × 0.4375 ÷ 8 ≈ 4k cache-miss tokens/s, so one request's prefill runs at
 * ~5k tokens/s: 0.08 s + 1,868 ÷ 5,000 ≈ 0.45 s, plus ~0.5 s queueing, ~1 s to the first token.
 * Sources: by day 40% api, 33% web, 27% app; in the off-peak window (00:30–08:30) API batch work
 * rises to 55%. Only API traffic is billed, V3 is cheaper and off-peak is discounted, so actual
 * revenue falls well below theoretical.
 *
 * GPUs. Decode GPUs run ~88 requests (1,850 tokens/s ÷ 21 tokens/s) holding ~440k KV tokens of a
 * 655,360-token capacity (80 GB less ~34 GB of weights and buffers, at 70,272 B per MLA token:
 * 61 layers × 576 × 2 B). Prefill unit EP32 (256 + 32 redundant = 9 routed + 1 shared expert per
 * GPU), decode unit EP144 (2 routed + 1 shared per GPU). expert_load is written for MoE layers 0,
 * 29 and 57 (first, middle, last of 58), every 10 minutes, per GPU for the experts it hosts:
 * ~4.6M rows a day instead of ~0.5 billion for every layer.
 */
const local = (time: string) => Date.parse(`${time}+08:00`);
const HOUR_MS = 3_600_000;

/** Local (UTC+8) hour of day as a fraction. */
function localHour(instant: number): number {
  return (((instant / HOUR_MS + 8) % 24) + 24) % 24;
}

function load(instant: number): number {
  const h = localHour(instant);
  const fromDip = Math.abs(h - 4.5);
  const dip = Math.exp(-((Math.min(fromDip, 24 - fromDip) / 2.5) ** 2));
  return 1 + 0.05 * Math.cos((2 * Math.PI * (h - 15)) / 24) - 0.12 * dip;
}

const DAY_SOURCES: readonly SourceShare[] = [
  { source: 'api', share: 0.4 },
  { source: 'web', share: 0.33 },
  { source: 'app', share: 0.27 },
];
const OFF_PEAK_SOURCES: readonly SourceShare[] = [
  { source: 'api', share: 0.55 },
  { source: 'web', share: 0.25 },
  { source: 'app', share: 0.2 },
];

const step = (time: string, prefillUnits: number, decodeUnits: number): FleetStep => ({ at: local(time), prefillUnits, decodeUnits });

export const deepseek20250227: FleetProfile = {
  name: 'deepseek-2025-02-27',
  description: "DeepSeek's published day of V3/R1 serving (278 nodes peak, 226.75 average, 608B input / 168B output tokens)",
  window: { start: local('2025-02-27T12:00:00'), end: local('2025-02-28T12:00:00') },
  gpuType: 'H800',
  gpusPerNode: 8,
  prefillUnit: { nodes: 4, redundantExperts: 32 },
  decodeUnit: { nodes: 18, redundantExperts: 32 },
  steps: [
    step('2025-02-27T12:00:00', 29, 9),
    step('2025-02-28T00:00:00', 23, 7),
    step('2025-02-28T01:15:00', 20, 6),
    step('2025-02-28T02:00:00', 17, 5),
    step('2025-02-28T02:45:00', 14, 4),
    step('2025-02-28T03:00:00', 11, 3),
    step('2025-02-28T03:30:00', 8, 2),
    step('2025-02-28T06:30:00', 11, 3),
    step('2025-02-28T07:00:00', 14, 4),
    step('2025-02-28T07:30:00', 20, 6),
    step('2025-02-28T08:00:00', 23, 7),
    step('2025-02-28T08:30:00', 29, 9),
  ],
  totals: { inputTokens: 608_000_000_000, cachedTokens: 342_000_000_000, outputTokens: 167_966_666_667 },
  load,
  decodeSpeed: (instant) => 23.6 - 2.6 * load(instant),
  sources(instant) {
    const h = localHour(instant);
    return h >= 0.5 && h < 8.5 ? OFF_PEAK_SOURCES : DAY_SOURCES;
  },
  models: [
    { model: 'deepseek-r1', share: 0.45, input: { median: 1540, sigma: 1.15, max: 65536 }, output: { median: 1502, sigma: 0.75, max: 32768 } },
    { model: 'deepseek-v3', share: 0.55, input: { median: 2392, sigma: 1.3, max: 65536 }, output: { median: 346, sigma: 0.9, max: 8192 } },
  ],
  uncachedRequestShare: 0.25,
  latency: { queueMeanS: 0.5, prefillBaseS: 0.08, prefillTokensPerS: 5_000, transferBaseS: 0.02, transferPerTokenS: 2e-6, speedSigma: 0.25 },
  kvCacheCapacity: 655_360,
  experts: { moeLayers: 58, routedExperts: 256, topK: 8, groups: 8, popularitySigma: 0.6, driftPeak: 1 },
  expertLayers: [0, 29, 57],
  expertIntervalS: 600,
};
