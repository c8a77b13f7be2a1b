/**
 * Where a fleet figure came from (docs/design.md): GPU counters when they are complete, otherwise
 * weighted request rows; distributions always from requests; node time from node events, or
 * from GPU samples for nodes that have no events.
 */
export type FigureSource = 'counters' | 'requests' | 'node_events' | 'gpu_samples' | 'mixed';

/** A figure with its provenance. `coverage` = weighted request tokens ÷ counter tokens (null
 *  without counter tokens); for node figures, the share of node time known from events. */
export interface Figure<T = number> {
  value: T;
  source: FigureSource;
  coverage: number | null;
  /** What a null value is: nothing measured, or measured but with no price in force. */
  absent?: 'no data' | 'unpriced';
  /** Why the value is null, or what it needs to be read right. */
  note?: string;
}

/** a ÷ b, or null when b is 0 (a ratio of nothing has no value, not 0). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}
