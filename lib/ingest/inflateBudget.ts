import { Transform } from 'node:stream';
import { BodyFault } from './bodyFaults';

export const MAX_INFLATED_BYTES_ENV = 'FLEETLEDGER_MAX_INFLATED_BYTES';
export const MAX_GZIP_RATIO_ENV = 'FLEETLEDGER_MAX_GZIP_RATIO';

export interface InflateLimits {
  /** The most bytes a gzip upload may inflate to. */
  maxInflatedBytes: number;
  /** The most inflated bytes per compressed byte, checked once `ratioFloorBytes` are inflated. */
  maxRatio: number;
  ratioFloorBytes: number;
}

// Telemetry text inflates 3–30× (the fixtures: 3–8×); a gzip bomb of blank lines over 1000×.
// The ratio is judged only past the floor, where a bomb has already shown itself and an honest
// file has not.
export const DEFAULT_INFLATE_LIMITS: InflateLimits = {
  maxInflatedBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 16 * 1024 ** 2,
};

type Env = Record<string, string | undefined>;

function positiveEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return value;
}

/** The limits, from FLEETLEDGER_MAX_INFLATED_BYTES and FLEETLEDGER_MAX_GZIP_RATIO when set. */
export function inflateLimits(env: Env = process.env): InflateLimits {
  return {
    ...DEFAULT_INFLATE_LIMITS,
    maxInflatedBytes: positiveEnv(env, MAX_INFLATED_BYTES_ENV, DEFAULT_INFLATE_LIMITS.maxInflatedBytes),
    maxRatio: positiveEnv(env, MAX_GZIP_RATIO_ENV, DEFAULT_INFLATE_LIMITS.maxRatio),
  };
}

/** A gzip body inflating past a limit; the message names the limit and its setting. */
export class InflateLimitExceeded extends BodyFault {}

/**
 * Counts one gzip stream's bytes on both sides and stops it at the first limit crossed. The first
 * fault is kept: the reader that sees the stream fail may only see the error of a later stage.
 */
export class InflateBudget {
  private compressed = 0;
  private inflated = 0;
  exceeded: InflateLimitExceeded | undefined;

  constructor(private readonly limits: InflateLimits = inflateLimits()) {}

  addCompressed(bytes: number): void {
    this.compressed += bytes;
  }

  /** Adds inflated bytes; the fault when they cross a limit. */
  addInflated(bytes: number): InflateLimitExceeded | undefined {
    this.inflated += bytes;
    const { maxInflatedBytes, maxRatio, ratioFloorBytes } = this.limits;
    if (this.inflated > maxInflatedBytes) {
      this.exceeded ??= new InflateLimitExceeded(`the gzip body inflates past ${maxInflatedBytes} bytes, the limit (${MAX_INFLATED_BYTES_ENV})`);
    } else if (this.inflated > ratioFloorBytes && this.inflated > maxRatio * this.compressed) {
      this.exceeded ??= new InflateLimitExceeded(
        `the gzip body inflates more than ${maxRatio} times (${this.inflated} bytes from ${this.compressed}), the limit (${MAX_GZIP_RATIO_ENV})`,
      );
    }
    return this.exceeded;
  }

  /** The stage after gunzip that counts what it inflates. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        const fault = this.addInflated(chunk.length);
        if (fault) done(fault);
        else done(null, chunk);
      },
    });
  }
}
