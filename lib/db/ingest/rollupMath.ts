import { histogramBin } from '@/lib/metrics/histogram';
import { Bins } from './bins';

/**
 * The rollups' arithmetic, in one place: the ingest adds the rows it stores; a replace or a
 * job deletion rebuilds the hours it touched from the raw rows with the same code.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** A stored request as the rollups see it (names resolved; source '' when not given). */
export interface RollupRequest {
  arrivedAt: number;
  modelId: number;
  source: string;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  sampleWeight: number;
  firstTokenAt: number | null;
  finishedAt: number | null;
}

export interface RequestMinute {
  bucket: number;
  modelId: number;
  source: string;
  requests: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  kvEntries: number;
  speedSum: number;
  speedWeight: number;
  ttftMsSum: number;
  ttftWeight: number;
}

/** Output speed (O − 1) ÷ (finished_at − first_token_at) in tokens/s, for O ≥ 2 and finished > first token. */
export function outputSpeed(r: Pick<RollupRequest, 'outputTokens' | 'firstTokenAt' | 'finishedAt'>): number | null {
  if (r.outputTokens < 2 || r.firstTokenAt === null || r.finishedAt === null || r.finishedAt <= r.firstTokenAt) return null;
  return ((r.outputTokens - 1) * 1000) / (r.finishedAt - r.firstTokenAt);
}

/** TTFT = first_token_at − arrived_at, in ms. */
export const ttftMs = (r: Pick<RollupRequest, 'arrivedAt' | 'firstTokenAt'>) => (r.firstTokenAt === null ? null : r.firstTokenAt - r.arrivedAt);

/** KV-cache entries seen by a request's output tokens: the k-th (from 0) sees I + k, so O·I + O·(O−1)/2. */
export const kvEntries = (input: number, output: number) => output * input + (output * (output - 1)) / 2;

/** A request minute with its TTFT and output-speed histograms. */
export interface RequestMinuteWithHist extends RequestMinute {
  ttftBins: Bins;
  speedBins: Bins;
}

/** Request rollups per minute × model × source, and the TTFT / output-speed histograms. */
export class RequestRollup {
  // Nested maps (minute → model → source) rather than string keys: the ingest adds a request
  // per row and string keys were a large share of its garbage. Minutes are keyed by their index
  // since the epoch, a small integer: a millisecond bucket is a boxed double to hash.
  private readonly byMinute = new Map<number, Map<number, Map<string, RequestMinuteWithHist>>>();

  *minutes(): Generator<RequestMinuteWithHist> {
    for (const byModel of this.byMinute.values()) for (const bySource of byModel.values()) yield* bySource.values();
  }

  add(r: RollupRequest): void {
    const m = this.minute(Math.floor(r.arrivedAt / MINUTE_MS), r.modelId, r.source);
    const w = r.sampleWeight;
    m.requests += w;
    m.inputTokens += w * r.inputTokens;
    m.cachedTokens += w * r.cachedTokens;
    m.outputTokens += w * r.outputTokens;
    m.kvEntries += w * kvEntries(r.inputTokens, r.outputTokens);
    const speed = outputSpeed(r);
    if (speed !== null) {
      m.speedSum += w * speed;
      m.speedWeight += w;
      addHist(m.speedBins, speed, w);
    }
    const ttft = ttftMs(r);
    if (ttft !== null) {
      m.ttftMsSum += w * ttft;
      m.ttftWeight += w;
      addHist(m.ttftBins, ttft, w);
    }
  }

  private minute(index: number, modelId: number, source: string): RequestMinuteWithHist {
    let byModel = this.byMinute.get(index);
    if (!byModel) this.byMinute.set(index, (byModel = new Map()));
    let bySource = byModel.get(modelId);
    if (!bySource) byModel.set(modelId, (bySource = new Map()));
    let m = bySource.get(source);
    if (!m) {
      m = { bucket: index * MINUTE_MS, modelId, source, requests: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0, kvEntries: 0, speedSum: 0, speedWeight: 0, ttftMsSum: 0, ttftWeight: 0, ttftBins: new Bins(), speedBins: new Bins() };
      bySource.set(source, m);
    }
    return m;
  }
}

function addHist(bins: Bins, value: number, w: number): void {
  const bin = histogramBin(value);
  if (bin !== null) bins.add(bin, w);
}

/** A stored GPU sample as the rollups see it (node resolved). Counters and gauges may be null. */
export interface RollupSample {
  ts: number;
  intervalS: number;
  nodeId: number;
  gpu: number;
  role: string;
  inputTokens: number | null;
  cachedTokens: number | null;
  outputTokens: number | null;
  requests: number | null;
  dispatchSendTokens: number | null;
  dispatchRecvTokens: number | null;
  runningRequests: number | null;
  kvCacheTokens: number | null;
  kvCacheCapacity: number | null;
  utilPct: number | null;
  powerW: number | null;
  energyJ: number | null;
}

export interface NodeMinute {
  bucket: number;
  nodeId: number;
  role: string;
  samples: number;
  /** GPUs reported, as two 32-bit halves of a 64-bit mask (bit g = GPU g). */
  gpuMaskLo: number;
  gpuMaskHi: number;
  gpuSeconds: number;
  tokenSeconds: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  requests: number;
  dispatchSendTokens: number;
  dispatchRecvTokens: number;
  runningRequestsS: number;
  kvCacheTokensS: number;
  kvCacheCapacityS: number;
  utilPctS: number;
  powerWS: number;
  /** Joules: the energy counter where reported, else power × seconds. */
  energyJ: number;
}

const COUNTERS = ['inputTokens', 'cachedTokens', 'outputTokens', 'requests', 'dispatchSendTokens', 'dispatchRecvTokens'] as const;
const GAUGES = [
  ['runningRequests', 'runningRequestsS'],
  ['kvCacheTokens', 'kvCacheTokensS'],
  ['kvCacheCapacity', 'kvCacheCapacityS'],
  ['utilPct', 'utilPctS'],
  ['powerW', 'powerWS'],
] as const;

/**
 * The share of a counter x that falls in [lo, hi) of a sample spanning [start, start + dur):
 * floor(x·(hi−start)/dur) − floor(x·(lo−start)/dur), in exact integers (µs), so the parts of
 * one sample always add back to x.
 */
export function counterShare(x: number, startUs: number, durUs: number, loUs: number, hiUs: number): number {
  // Below 2^52 the products are exact doubles and floor(a / b) of exact integers is exact too
  // (the quotient's distance to an integer, at least 1/b, exceeds its rounding error): the
  // common case skips BigInt. Whole milliseconds keep the products small.
  const scale = startUs % 1000 === 0 && durUs % 1000 === 0 && loUs % 1000 === 0 && hiUs % 1000 === 0 ? 1000 : 1;
  const dur = durUs / scale;
  if (x * dur < EXACT_PRODUCT) {
    return Math.floor((x * ((hiUs - startUs) / scale)) / dur) - Math.floor((x * ((loUs - startUs) / scale)) / dur);
  }
  const X = BigInt(x);
  const D = BigInt(durUs);
  return Number((X * BigInt(hiUs - startUs)) / D - (X * BigInt(loUs - startUs)) / D);
}

const EXACT_PRODUCT = 2 ** 52;

/** Node rollups per minute × node × role; a sample counts in proportion to its overlap with each minute. */
export class NodeMinuteRollup {
  // node → minute → role, without string keys (one lookup per stored sample).
  private readonly byNode = new Map<number, Map<number, Map<string, NodeMinute>>>();

  *minutes(): Generator<NodeMinute> {
    for (const byMinute of this.byNode.values()) for (const byRole of byMinute.values()) yield* byRole.values();
  }

  /** `keep(nodeId, bucket)` limits the minutes written (rebuilding some hours only). */
  constructor(private readonly keep?: (nodeId: number, bucket: number) => boolean) {}

  add(s: RollupSample): void {
    const end = s.ts;
    const start = end - s.intervalS * 1000;
    const first = Math.floor(start / MINUTE_MS) * MINUTE_MS;
    if (first + MINUTE_MS >= end) {
      this.addPart(s, first, 1, (end - start) / 1000);
      return;
    }
    // Straddles minutes: split counters exactly in integer microseconds.
    const endUs = Math.round(end * 1000);
    const durUs = Math.round(s.intervalS * 1e6);
    const startUs = endUs - durUs;
    for (let bucket = first; bucket < end; bucket += MINUTE_MS) {
      const loUs = Math.max(bucket * 1000, startUs);
      const hiUs = Math.min((bucket + MINUTE_MS) * 1000, endUs);
      if (hiUs > loUs) this.addPart(s, bucket, { startUs, durUs, loUs, hiUs }, (hiUs - loUs) / 1e6);
    }
  }

  private addPart(s: RollupSample, bucket: number, share: 1 | { startUs: number; durUs: number; loUs: number; hiUs: number }, secs: number): void {
    if (this.keep && !this.keep(s.nodeId, bucket)) return;
    let byMinute = this.byNode.get(s.nodeId);
    if (!byMinute) this.byNode.set(s.nodeId, (byMinute = new Map()));
    let byRole = byMinute.get(bucket);
    if (!byRole) byMinute.set(bucket, (byRole = new Map()));
    let m = byRole.get(s.role);
    if (!m) {
      m = {
        bucket, nodeId: s.nodeId, role: s.role, samples: 0, gpuMaskLo: 0, gpuMaskHi: 0, gpuSeconds: 0, tokenSeconds: 0,
        inputTokens: 0, cachedTokens: 0, outputTokens: 0, requests: 0, dispatchSendTokens: 0, dispatchRecvTokens: 0,
        runningRequestsS: 0, kvCacheTokensS: 0, kvCacheCapacityS: 0, utilPctS: 0, powerWS: 0, energyJ: 0,
      };
      byRole.set(s.role, m);
    }
    m.samples += 1;
    if (s.gpu < 32) m.gpuMaskLo = (m.gpuMaskLo | (1 << s.gpu)) >>> 0;
    else m.gpuMaskHi = (m.gpuMaskHi | (1 << (s.gpu - 32))) >>> 0;
    m.gpuSeconds += secs;
    if (s.inputTokens !== null || s.outputTokens !== null) m.tokenSeconds += secs;
    for (const c of COUNTERS) {
      const x = s[c];
      if (x !== null) m[c] += share === 1 ? x : counterShare(x, share.startUs, share.durUs, share.loUs, share.hiUs);
    }
    for (const [g, target] of GAUGES) {
      const v = s[g];
      if (v !== null) m[target] += v * secs;
    }
    if (s.energyJ !== null) m.energyJ += (s.energyJ * secs) / s.intervalS;
    else if (s.powerW !== null) m.energyJ += s.powerW * secs;
  }
}

/** The 64-bit GPU mask of a node minute, as PostgreSQL's bigint text. */
export const gpuMask = (m: NodeMinute) => BigInt.asIntN(64, (BigInt(m.gpuMaskHi) << 32n) | BigInt(m.gpuMaskLo)).toString();
