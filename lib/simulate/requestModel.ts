import { drawLength, lengthTable, type LengthTable } from './lengths';
import type { FleetProfile } from './profile';

/** The profile's request mix as exact tables, with the moments the rest of the simulator sizes itself by. */
export interface RequestModel {
  models: { model: string; upTo: number; input: LengthTable; output: LengthTable; maxOutput: number }[];
  meanInput: number;
  meanOutput: number;
  /** Expected Σ(O·I + O(O−1)/2) ÷ ΣO: what the KV-cache metric should find. */
  kvLengthPerOutputToken: number;
  /** Requests that hit the cache hit a fraction uniform in [hitFloor, 1). */
  hitFloor: number;
  /** Mean seconds a request spends being prefilled (without the queue). */
  meanPrefillS: number;
}

export function requestModel(profile: FleetProfile): RequestModel {
  let upTo = 0;
  let meanInput = 0;
  let meanOutput = 0;
  let kvSum = 0;
  const models = profile.models.map((m) => {
    const input = lengthTable(m.input);
    const output = lengthTable(m.output);
    upTo += m.share;
    meanInput += m.share * input.mean;
    meanOutput += m.share * output.mean;
    kvSum += m.share * (input.mean * output.mean + (output.meanSquare - output.mean) / 2);
    return { model: m.model, upTo, input, output, maxOutput: m.output.max };
  });
  if (Math.abs(upTo - 1) > 1e-9) throw new RangeError(`${profile.name}: model shares sum to ${upTo}, not 1`);
  const hitRatio = profile.totals.cachedTokens / profile.totals.inputTokens;
  // Mean hit fraction = (1 − uncached) × (hitFloor + 1) / 2 must equal the counters' hit ratio.
  const hitFloor = (2 * hitRatio) / (1 - profile.uncachedRequestShare) - 1;
  if (!(hitFloor >= 0 && hitFloor < 1)) throw new RangeError(`${profile.name}: no uniform hit fraction gives ratio ${hitRatio}`);
  const { prefillBaseS, prefillTokensPerS } = profile.latency;
  return {
    models,
    meanInput,
    meanOutput,
    kvLengthPerOutputToken: kvSum / meanOutput,
    hitFloor,
    meanPrefillS: prefillBaseS + (meanInput * (1 - hitRatio)) / prefillTokensPerS,
  };
}

export interface RequestShape {
  model: string;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  truncated: boolean;
}

/** A request's model and lengths from four coordinates in [0, 1): model, input, output, cache hit. */
export function requestShape(rm: RequestModel, uncachedShare: number, u: readonly number[]): RequestShape {
  const m = rm.models.find((x) => u[0] < x.upTo) ?? rm.models[rm.models.length - 1];
  const inputTokens = drawLength(m.input, u[1]);
  const outputTokens = drawLength(m.output, u[2]);
  const hit = u[3] < uncachedShare ? 0 : rm.hitFloor + ((1 - rm.hitFloor) * (u[3] - uncachedShare)) / (1 - uncachedShare);
  return { model: m.model, inputTokens, cachedTokens: Math.floor(inputTokens * hit), outputTokens, truncated: outputTokens >= m.maxOutput };
}
