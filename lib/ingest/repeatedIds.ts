/**
 * A request id given twice in one file: identical repeats are duplicates (stored once), but a
 * repeat whose contents differ is a conflict, rejected naming the line that first gave the id.
 *
 * The ids are remembered for the last RECENT_IDS requests only, so memory stays bounded on files
 * of any size; a conflicting repeat further apart than that is counted as a duplicate by the
 * store, which keeps the first (docs/formats.md "Bad input").
 */
import type { RequestRecord } from '@/lib/ingest/records';

export const RECENT_IDS = 100_000;

const sameContents = (a: RequestRecord, b: RequestRecord): boolean =>
  (Object.keys(a) as (keyof RequestRecord)[]).every((k) => Object.is(a[k], b[k]));

export class RepeatedIds {
  private readonly seen = new Map<string, { line: number; record: RequestRecord }>();

  constructor(private readonly capacity = RECENT_IDS) {}

  /** The line whose request of the same id has other contents, else null (the record is then remembered). */
  conflict(record: RequestRecord, line: number): number | null {
    const earlier = this.seen.get(record.requestId);
    if (earlier) return sameContents(earlier.record, record) ? null : earlier.line;
    if (this.seen.size >= this.capacity) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(record.requestId, { line, record });
    return null;
  }
}
