import type { RequestRecord } from '@/lib/ingest/records';
import { Rng } from './prng';
import { TICK_MS, type FleetProfile } from './profile';
import { requestShape, type RequestModel } from './requestModel';
import type { LowDiscrepancySequence } from './sequence';

export interface RequestContext {
  profile: FleetProfile;
  model: RequestModel;
  sequence: LowDiscrepancySequence;
  seed: number;
  /** 1 ÷ sampling rate. */
  sampleWeight: number;
}

export interface TickRequests {
  tickStart: number;
  count: number;
  /** Global index of the tick's first sampled request (ids and the low-discrepancy sequence use it). */
  firstIndex: number;
  prefillNodes: readonly string[];
  decodeNodes: readonly string[];
}

const STREAM = 0x7e9;

function pick<T>(rng: Rng, shares: readonly (T & { share: number })[]): T {
  let u = rng.next();
  for (const s of shares) {
    if (u < s.share) return s;
    u -= s.share;
  }
  return shares[shares.length - 1];
}

/**
 * The sampled requests arriving in one tick. Lengths and the cache hit come from the
 * low-discrepancy sequence; arrival instant, source, placement and timings from the tick's
 * own random stream. Instants are whole milliseconds.
 */
export function requestsInTick(ctx: RequestContext, tick: TickRequests): RequestRecord[] {
  const { profile, model, sequence } = ctx;
  const rng = new Rng(ctx.seed, STREAM, tick.tickStart / TICK_MS);
  const gpus = profile.gpusPerNode;
  const lat = profile.latency;
  const point: number[] = [];
  const records: RequestRecord[] = [];
  for (let i = 0; i < tick.count; i++) {
    const index = tick.firstIndex + i;
    const shape = requestShape(model, profile.uncachedRequestShare, sequence.point(index, point));
    const arrivedAt = tick.tickStart + Math.floor(rng.next() * TICK_MS);
    const load = profile.load(arrivedAt);
    const queueS = rng.exponential(lat.queueMeanS * load);
    const prefillS = lat.prefillBaseS + (shape.inputTokens - shape.cachedTokens) / lat.prefillTokensPerS;
    const transferS = lat.transferBaseS + shape.inputTokens * lat.transferPerTokenS;
    const speed = profile.decodeSpeed(arrivedAt) * rng.lognormalFactor(lat.speedSigma);
    const prefillStartedAt = arrivedAt + Math.round(queueS * 1000);
    const firstTokenAt = prefillStartedAt + Math.round((prefillS + transferS) * 1000);
    records.push({
      type: 'request',
      requestId: `${profile.name}/${ctx.seed}/${index}`,
      arrivedAt,
      inputTokens: shape.inputTokens,
      outputTokens: shape.outputTokens,
      cachedTokens: shape.cachedTokens,
      model: shape.model,
      source: pick(rng, profile.sources(arrivedAt)).source,
      prefillStartedAt,
      firstTokenAt,
      finishedAt: firstTokenAt + Math.round(((shape.outputTokens - 1) / speed) * 1000),
      prefillNode: tick.prefillNodes[rng.int(tick.prefillNodes.length)],
      prefillGpu: rng.int(gpus),
      decodeNode: tick.decodeNodes[rng.int(tick.decodeNodes.length)],
      decodeGpu: rng.int(gpus),
      status: shape.truncated ? 'length' : 'stop',
      sampleWeight: ctx.sampleWeight,
    });
  }
  return records;
}
