import type { View } from './types';

/** A bounded map that forgets the least recently used entry first. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Re-inserted so that Map order (insertion order) is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The entry without counting a hit or a miss or making it recently used. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

/** A view as last computed for a query, the data version it read and when its computation began. */
export interface CachedView {
  view: View;
  version: string;
  computedAt: number;
}

/**
 * The newest computed view of each query (the key holds the query and settings, not the data
 * version), and the computations under way, so that readers asking the same thing at once share
 * one computation instead of each running the view's queries.
 */
export class ViewCache {
  readonly latest: LruCache<CachedView>;
  private readonly running = new Map<string, Map<string, Promise<CachedView>>>();
  /** Computations started (readers who joined one are not counted). */
  computations = 0;

  /**
   * @param refreshMs how often a view of a window that an ingest is writing into is recomputed:
   *   its figures move with every batch, and readers in between are served the last computation.
   */
  constructor(maxEntries: number, public refreshMs = 2_000) {
    this.latest = new LruCache<CachedView>(maxEntries);
  }

  /** Whether a computation of this query, of any data version, is under way. */
  computing(key: string): boolean {
    return this.running.has(key);
  }

  /**
   * The view of `key` at `version`: joins the computation of that version when one is under way,
   * else starts one. The result becomes the query's latest unless a computation begun later has
   * already stored its own.
   */
  compute(key: string, version: string, run: () => Promise<View>): Promise<CachedView> {
    const ofKey = this.running.get(key) ?? new Map<string, Promise<CachedView>>();
    const joined = ofKey.get(version);
    if (joined) return joined;
    const computedAt = Date.now();
    this.computations += 1;
    const started = run().then((view) => {
      const entry = { view, version, computedAt };
      const stored = this.latest.peek(key);
      if (!stored || stored.computedAt <= computedAt) this.latest.set(key, entry);
      return entry;
    }).finally(() => {
      ofKey.delete(version);
      if (ofKey.size === 0) this.running.delete(key);
    });
    ofKey.set(version, started);
    this.running.set(key, ofKey);
    return started;
  }

  /** Settles when every computation under way has ended. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].flatMap((ofKey) => [...ofKey.values()]));
  }

  clear(): void {
    this.latest.clear();
    this.running.clear();
    this.computations = 0;
  }
}

/** FLEETLEDGER_VIEW_CACHE=off serves every view from the database (the load benchmark's baseline). */
export const viewCacheEnabled = (env: Readonly<Record<string, string | undefined>> = process.env): boolean => env.FLEETLEDGER_VIEW_CACHE !== 'off';

// A served view over a day is tens of kB; 256 of them stay well under 100 MB.
const MAX_VIEWS = 256;

// One cache for the process (Next.js may load this module once per bundle).
const shared = globalThis as unknown as { fleetLedgerViewCache?: ViewCache };

export function viewCache(): ViewCache {
  shared.fleetLedgerViewCache ??= new ViewCache(MAX_VIEWS);
  return shared.fleetLedgerViewCache;
}
