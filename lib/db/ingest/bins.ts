/**
 * Weights of consecutive histogram bins from `lo` (0 where a bin in between has none), grown as
 * bins are added: one array slot per bin, where a map took an entry and a boxed number per addition.
 */
export class Bins {
  lo = 0;
  weights: number[] = [];

  add(bin: number, w: number): void {
    const weights = this.weights;
    if (weights.length === 0) this.lo = bin;
    else if (bin < this.lo) {
      this.weights = [...new Array<number>(this.lo - bin).fill(0), ...weights];
      this.lo = bin;
    }
    const i = bin - this.lo;
    while (this.weights.length <= i) this.weights.push(0);
    this.weights[i] += w;
  }

  /** Adds every bin of `other`. */
  merge(other: Bins): void {
    for (let i = 0; i < other.weights.length; i++) this.add(other.lo + i, other.weights[i]);
  }

  row(): { lo: number; weights: number[] } {
    return { lo: this.lo, weights: this.weights.slice() };
  }
}
