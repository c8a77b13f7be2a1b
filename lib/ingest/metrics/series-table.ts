/**
 * One Series object per distinct series for a whole parse, so consumers can keep state keyed
 * on the object. Series are told apart by seriesKey (name and sorted labels), so the same labels
 * in another order are the same series.
 */
import { seriesKey, type Labels, type MetricType, type Series } from '@/lib/ingest/metrics/types';

/**
 * A copy of `text` that holds no reference to the string it was cut from. V8 keeps a slice of
 * a line as a view into the whole decoded chunk, so a label value kept for the life of the parse
 * would otherwise keep every 64 KiB chunk that introduced a new series alive.
 */
export const detached = (text: string): string => (' ' + text).slice(1);

/** A label set that takes any label name, `__proto__` included. */
export function setLabel(labels: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
  else labels[name] = value;
}

export class SeriesTable {
  private readonly byKey = new Map<string, Series>();

  get size(): number {
    return this.byKey.size;
  }

  /**
   * The series of `name` and `labels`. Its type and family come from the declarations in force;
   * when a later declaration changes them, the series is replaced by one that carries the new
   * ones (the consumer sees a new object, as for a new family).
   */
  intern(name: string, labels: Labels, type: MetricType, family: string): Series {
    const key = seriesKey(name, labels);
    const known = this.byKey.get(key);
    if (known !== undefined && known.type === type && known.family === family) return known;
    const series: Series = Object.freeze({ name, labels: Object.freeze(labels), type, family, key });
    this.byKey.set(key, series);
    return series;
  }
}
