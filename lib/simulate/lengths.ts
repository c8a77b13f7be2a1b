/**
 * Request length distributions: a lognormal, clamped to [1, max] tokens and discretised at
 * equiprobable quantiles. A finite table has exact moments (mean, mean square), so the
 * simulator can size arrival rates and check the KV-cache length analytically, and its tail is
 * bounded, so a sample of ~10⁵ requests already lands within a fraction of a percent of them.
 */
export interface LengthDistribution {
  /** Median tokens. */
  median: number;
  /** Standard deviation of ln(tokens). */
  sigma: number;
  /** Largest length (the context or output limit). */
  max: number;
}

export interface LengthTable {
  values: Int32Array;
  mean: number;
  meanSquare: number;
}

const QUANTILES = 1024;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`inverseNormal: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export function lengthTable(distribution: LengthDistribution): LengthTable {
  const values = new Int32Array(QUANTILES);
  let sum = 0;
  let sumSquares = 0;
  for (let k = 0; k < QUANTILES; k++) {
    const z = inverseNormal((k + 0.5) / QUANTILES);
    const v = Math.min(distribution.max, Math.max(1, Math.round(distribution.median * Math.exp(distribution.sigma * z))));
    values[k] = v;
    sum += v;
    sumSquares += v * v;
  }
  return { values, mean: sum / QUANTILES, meanSquare: sumSquares / QUANTILES };
}

/** A length drawn from the table with a uniform u in [0, 1). */
export function drawLength(table: LengthTable, u: number): number {
  return table.values[Math.floor(u * QUANTILES)];
}
