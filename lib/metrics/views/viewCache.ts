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

/** FLEETLEDGER_VIEW_CACHE=off serves every view from the database (the load benchmark's baseline). */
export const viewCacheEnabled = (env: Readonly<Record<string, string | undefined>> = process.env): boolean => env.FLEETLEDGER_VIEW_CACHE !== 'off';

// A served view over a day is tens of kB; 256 of them stay well under 100 MB.
const MAX_VIEWS = 256;

// One cache for the process (Next.js may load this module once per bundle).
const shared = globalThis as unknown as { fleetLedgerViewCache?: LruCache<View> };

export function viewCache(): LruCache<View> {
  shared.fleetLedgerViewCache ??= new LruCache<View>(MAX_VIEWS);
  return shared.fleetLedgerViewCache;
}
