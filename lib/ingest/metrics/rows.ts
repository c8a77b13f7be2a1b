/**
 * One GPU's metrics at one timestamp, gathered from every series that reported then, and the
 * rules that turn them into a `gpu_sample`: which counters a prefill/decode side counts, KV
 * tokens from a usage fraction, blocks into tokens. Pure: lib/ingest/metrics/derive.ts feeds it.
 */
import type { GpuSampleRecord, Role } from '@/lib/ingest/records';
import type { ServingKind } from './mapping';

/** The engine's KV-cache geometry, from its cache-config info series. */
export interface CacheGeometry {
  blockSize: number | null;
  capacityTokens: number | null;
}

/** What the series of one GPU reported at one timestamp; null where nothing did. */
export class RowParts {
  /** Counter increases (tokens unless named otherwise). */
  input: number | null = null;
  cached: number | null = null;
  cachedBlocks: number | null = null;
  bySourceCompute: number | null = null;
  bySourceCacheHit: number | null = null;
  bySourceTransfer: number | null = null;
  output: number | null = null;
  requests: number | null = null;
  energyJ: number | null = null;
  /** Gauges as of the timestamp. */
  running: number | null = null;
  kvTokens: number | null = null;
  kvTokensBlocks: number | null = null;
  kvCapacity: number | null = null;
  kvCapacityBlocks: number | null = null;
  kvUsage: number | null = null;
  utilPct: number | null = null;
  memUsedBytes: number | null = null;
  powerW: number | null = null;
  /** Hardware samples folded in (their gauges are averaged). */
  hardwareSamples = 0;
  /** An engine series reported: the row has a role of its own. */
  engine = false;
  serves: ServingKind | null = null;
  /** The earliest start a counter of this row counted from (its previous sample, or `_created`). */
  since: number | null = null;

  constructor(public ts: number) {}

  /** Makes a used row new again, for another timestamp (rows are pooled: see RowPool). */
  reset(ts: number): this {
    this.ts = ts;
    this.input = this.cached = this.cachedBlocks = null;
    this.bySourceCompute = this.bySourceCacheHit = this.bySourceTransfer = null;
    this.output = this.requests = this.energyJ = null;
    this.running = this.kvTokens = this.kvTokensBlocks = this.kvCapacity = this.kvCapacityBlocks = this.kvUsage = null;
    this.utilPct = this.memUsedBytes = this.powerW = null;
    this.hardwareSamples = 0;
    this.engine = false;
    this.serves = null;
    this.since = null;
    return this;
  }

  /** Adds the numbers of `other` (hardware samples of the same GPU folded into this engine row). */
  foldHardware(other: RowParts): void {
    if (other.energyJ !== null) this.energyJ = add(this.energyJ, other.energyJ);
    const n = this.hardwareSamples;
    const mean = (a: number | null, b: number | null) => (b === null ? a : a === null || n === 0 ? b : (a * n + b) / (n + 1));
    this.utilPct = mean(this.utilPct, other.utilPct);
    this.powerW = mean(this.powerW, other.powerW);
    if (other.memUsedBytes !== null) this.memUsedBytes = other.memUsedBytes;
    this.hardwareSamples += 1;
  }
}

/**
 * Rows wait (a minute of the input's time) for the rest of their scrape: long enough for the
 * young generation to promote them, so each row would end as old-generation garbage. Reusing
 * them keeps a scrape file's ingest at a steady heap (peak RSS 351 MB → see bench:ingest).
 */
export class RowPool {
  private readonly free: RowParts[] = [];

  take(ts: number): RowParts {
    return this.free.pop()?.reset(ts) ?? new RowParts(ts);
  }

  give(row: RowParts): void {
    this.free.push(row);
  }
}

export const add = (a: number | null, b: number): number => (a === null ? b : a + b);
export const maxOf = (a: number | null, b: number): number => (a === null || b > a ? b : a);

/** Which counters a GPU serving `kind` counts, so that a prefill/decode pair counts each prompt and output once. */
export function counts(kind: ServingKind): { prompt: boolean; output: boolean } {
  return { prompt: kind !== 'decode', output: kind !== 'prefill' };
}

const round = (x: number | null) => (x === null ? null : Math.round(x));

/** Input and cached tokens: vLLM's split by source where reported (the prompt a decode side received by KV transfer is not input it served). */
function promptTokens(p: RowParts, geometry: CacheGeometry): { input: number | null; cached: number | null } {
  if (p.bySourceCompute !== null || p.bySourceCacheHit !== null || p.bySourceTransfer !== null) {
    const hit = p.bySourceCacheHit ?? 0;
    return { input: (p.bySourceCompute ?? 0) + hit, cached: hit };
  }
  const cachedFromBlocks = p.cachedBlocks !== null && geometry.blockSize !== null ? p.cachedBlocks * geometry.blockSize : null;
  return { input: p.input, cached: p.cached ?? cachedFromBlocks };
}

function kvCapacity(p: RowParts, geometry: CacheGeometry): number | null {
  if (p.kvCapacity !== null) return p.kvCapacity;
  if (p.kvCapacityBlocks !== null && geometry.blockSize !== null) return p.kvCapacityBlocks * geometry.blockSize;
  return geometry.capacityTokens;
}

function kvTokens(p: RowParts, geometry: CacheGeometry, capacity: number | null): number | null {
  if (p.kvTokens !== null) return p.kvTokens;
  if (p.kvTokensBlocks !== null && geometry.blockSize !== null) return p.kvTokensBlocks * geometry.blockSize;
  return p.kvUsage !== null && capacity !== null ? p.kvUsage * capacity : null;
}

export interface RowFacts {
  node: string;
  gpu: number;
  role: Role;
  serves: ServingKind;
  intervalS: number;
  geometry: CacheGeometry;
}

/** The `gpu_sample` of a row; `clamped` when cached tokens exceeded input (counters scraped a moment apart) and were cut to it. */
export function toGpuSample(p: RowParts, f: RowFacts): { record: GpuSampleRecord; clamped: boolean } {
  const side = counts(f.serves);
  const prompt = side.prompt ? promptTokens(p, f.geometry) : { input: null, cached: null };
  const input = round(prompt.input);
  let cached = round(prompt.cached);
  const clamped = cached !== null && input !== null && cached > input;
  if (clamped) cached = input;
  const capacity = round(kvCapacity(p, f.geometry));
  return {
    clamped,
    record: {
      type: 'gpu_sample',
      ts: p.ts,
      intervalS: f.intervalS,
      node: f.node,
      gpu: f.gpu,
      role: f.role,
      inputTokens: input,
      cachedTokens: cached,
      outputTokens: side.output ? round(p.output) : null,
      requests: side.output ? round(p.requests) : null,
      runningRequests: round(p.running),
      kvCacheTokens: round(kvTokens(p, f.geometry, capacity)),
      kvCacheCapacity: capacity,
      dispatchSendTokens: null,
      dispatchRecvTokens: null,
      utilPct: p.utilPct === null ? null : Math.min(100, Math.max(0, p.utilPct)),
      memUsedBytes: round(p.memUsedBytes),
      powerW: p.powerW,
      energyJ: p.energyJ,
    },
  };
}
