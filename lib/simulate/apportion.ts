/**
 * Splits a non-negative integer total into integer parts proportional to `weights` that sum to
 * the total exactly (cumulative flooring: each part is within 1 of its exact share). This is how
 * the simulator keeps day totals exact while every GPU and tick gets its own noisy share.
 */
export function apportion(total: number, weights: ArrayLike<number>, parts: Float64Array | number[]): void {
  const n = weights.length;
  let sumWeights = 0;
  for (let i = 0; i < n; i++) sumWeights += weights[i];
  if (n === 0) return;
  if (!(sumWeights > 0)) throw new RangeError('apportion: weights must have a positive sum');
  let cumulative = 0;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weights[i];
    const upTo = i === n - 1 ? total : Math.floor((total * cumulative) / sumWeights);
    parts[i] = upTo - previous;
    previous = upTo;
  }
}
