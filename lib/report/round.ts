/** Non-money figures are stored rounded, so that a report recomputed from the same data is equal
 *  to its snapshot (float sums in another order differ in the last bits). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function roundOrNull(value: number | null, decimals: number): number | null {
  return value === null ? null : roundTo(value, decimals);
}

export const DP = { nodes: 4, hours: 4, ratio: 6, margin: 4, rate: 1, speed: 3, kwh: 3 } as const;
