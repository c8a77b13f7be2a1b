import { Rng } from './prng';

/**
 * Roberts' R_d low-discrepancy sequence (additive recurrence on the powers of the generalised
 * golden ratio), randomly shifted per seed. Request lengths drawn on it fill their distributions
 * far more evenly than independent draws, so a 0.1% sample of a day already reproduces the
 * heavy-tailed moments (KV-cache length per output token) to a fraction of a percent.
 */
export class LowDiscrepancySequence {
  private readonly alpha: number[];
  private readonly shift: number[];

  constructor(dimensions: number, seed: number) {
    let g = 2;
    for (let i = 0; i < 64; i++) g = Math.pow(1 + g, 1 / (dimensions + 1)); // root of x^(d+1) = x + 1
    this.alpha = Array.from({ length: dimensions }, (_, d) => Math.pow(g, -(d + 1)));
    const rng = new Rng(seed, 0x5e9);
    this.shift = this.alpha.map(() => rng.next());
  }

  /** The index-th point, written into `out`. */
  point(index: number, out: number[]): number[] {
    for (let d = 0; d < this.alpha.length; d++) {
      const x = this.shift[d] + index * this.alpha[d];
      out[d] = x - Math.floor(x);
    }
    return out;
  }
}
