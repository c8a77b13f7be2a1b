/**
 * Series across requests. A sender repeats the same series in every request, so a decoder keeps
 * them: a series met again is found by a short key of its label bytes (1.0) or label symbols
 * (2.0), without decoding its labels or building its seriesKey, and is the same object each time
 * (consumers key state on it). New series are built from their labels here.
 */
import { setLabel } from '@/lib/ingest/metrics/series-table';
import { seriesKey, type Labels, type MetricType } from '@/lib/ingest/metrics/types';
import { MalformedRemoteWrite } from '@/lib/ingest/remoteWrite/errors';
import type { RemoteWriteSeries } from '@/lib/ingest/remoteWrite/types';

export interface FamilyOf {
  type: MetricType;
  family: string;
}

/** A series while requests are decoded (`created` follows its latest start time). */
export interface MutableSeries extends RemoteWriteSeries {
  created: number | null;
}

const NAME_LABEL = '__name__';

/** The family of a sample name under its declared type (`x` for counter `x_total`, histogram `x_bucket`). */
const FAMILY_SUFFIXES: Readonly<Partial<Record<MetricType, readonly string[]>>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created'],
  info: ['_info'],
};

export function familyOfTyped(name: string, type: MetricType): string {
  for (const suffix of FAMILY_SUFFIXES[type] ?? []) {
    if (name.endsWith(suffix) && name.length > suffix.length) return name.slice(0, -suffix.length);
  }
  return name;
}

/**
 * The labels of one timeseries message, gathered pair by pair (arrays reused between messages),
 * then checked and made into a series. Labels with an empty value are dropped: in Prometheus an
 * empty label is the same as an absent one, so keeping them would split one series into two keys.
 */
export class LabelGatherer {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  /** Each value as JSON.stringify quotes it for the series key; the callers cache these with the strings. */
  private readonly quotedValues: string[] = [];
  private count = 0;

  reset(): void {
    this.count = 0;
  }

  add(name: string, value: string, quotedValue: string): void {
    this.names[this.count] = name;
    this.values[this.count] = value;
    this.quotedValues[this.count] = quotedValue;
    this.count++;
  }

  /** A new series of the gathered labels; `index` names the timeseries message in errors. */
  build(index: number, typeOf: (metric: string) => FamilyOf): MutableSeries {
    const { names, values, quotedValues, count } = this;
    let metric: string | null = null;
    let sorted = true;
    let previous = '';
    let key = '';
    for (let i = 0; i < count; i++) {
      const n = names[i];
      if (n === NAME_LABEL) {
        metric = values[i];
        continue;
      }
      if (values[i] === '') continue;
      if (n === '') throw this.problem(index, 'has a label with an empty name');
      if (n <= previous) {
        if (n === previous) throw this.problem(index, `has the label ${JSON.stringify(n)} twice`);
        sorted = false;
      }
      previous = n;
      // The key as seriesKey writes it, built in one pass when the labels come sorted, as senders send them.
      key += key === '' ? `${n}=${quotedValues[i]}` : `,${n}=${quotedValues[i]}`;
    }
    if (metric === null || metric === '') throw this.problem(index, 'has no __name__ label');
    const labels: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      if (names[i] !== NAME_LABEL && values[i] !== '') setLabel(labels, names[i], values[i]);
    }
    if (sorted) key = key === '' ? metric : `${metric}{${key}}`;
    else key = seriesKey(metric, labels);
    const { type, family } = typeOf(metric);
    return { name: metric, labels: labels as Labels, type, family, key, created: null };
  }

  private problem(index: number, what: string): MalformedRemoteWrite {
    const labels = this.names.slice(0, this.count).map((n, i) => `${n}=${JSON.stringify(this.values[i])}`);
    return new MalformedRemoteWrite(`timeseries[${index}] ${what}: {${labels.join(',')}}`);
  }
}

/** The same series with another type (its metadata changed): a new object, as for a new family. */
export const retyped = (series: MutableSeries, { type, family }: FamilyOf): MutableSeries =>
  series.type === type && series.family === family ? series : { ...series, type, family };

export interface CachedSeries {
  series: MutableSeries;
  /** The metadata generation its type was resolved under (1.0). */
  generation: number;
  /** The last request it was met in, to count distinct series per request. */
  request: number;
  /** The bytes it is looked up by (a copy). */
  key: Buffer;
}

/**
 * A 32-bit hash of bytes, four at a time. The cache is looked up by this number rather than by a
 * string of the bytes: a Map keyed by a 250-character string spent ~480 ns a lookup hashing it,
 * this ~200 ns with the comparison that confirms a hit.
 */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) h = Math.imul(h ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)), 0x01000193);
  for (; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

type Slot = CachedSeries | CachedSeries[];

const matches = (entry: CachedSeries, bytes: Buffer, start: number, end: number): boolean =>
  entry.key.length === end - start && bytes.compare(entry.key, 0, entry.key.length, start, end) === 0;

function find(slot: Slot | undefined, bytes: Buffer, start: number, end: number): CachedSeries | undefined {
  if (slot === undefined) return undefined;
  if (!Array.isArray(slot)) return matches(slot, bytes, start, end) ? slot : undefined;
  return slot.find((entry) => matches(entry, bytes, start, end));
}

/**
 * Series by the hash of their key bytes, bounded: two generations of at most `maxPerGeneration`
 * entries each; a series found only in the older one moves to the newer, so series still being
 * sent stay and those gone from the fleet leave with the older generation.
 */
export class SeriesCache {
  private current = new Map<number, Slot>();
  private previous = new Map<number, Slot>();
  private currentSize = 0;

  constructor(private readonly maxPerGeneration: number) {}

  /** The series whose key is bytes [start, end) of `bytes`, with `hash` = hashBytes of them. */
  get(hash: number, bytes: Buffer, start: number, end: number): CachedSeries | undefined {
    const found = find(this.current.get(hash), bytes, start, end);
    if (found !== undefined) return found;
    const old = find(this.previous.get(hash), bytes, start, end);
    if (old !== undefined) this.set(hash, old);
    return old;
  }

  set(hash: number, entry: CachedSeries): void {
    if (this.currentSize >= this.maxPerGeneration) {
      this.previous = this.current;
      this.current = new Map();
      this.currentSize = 0;
    }
    const slot = this.current.get(hash);
    if (slot === undefined) this.current.set(hash, entry);
    else if (Array.isArray(slot)) slot.push(entry);
    else this.current.set(hash, [slot, entry]);
    this.currentSize++;
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
    this.currentSize = 0;
  }
}
