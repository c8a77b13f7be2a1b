import { partitionName } from '@/lib/db/partitions';
import type { LineError } from '@/lib/ingest/format';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { BinaryRows, reorderRows, type BufferPool } from './copyBinary';
import { Rollups } from './rollups';
import type { CopyTarget, IdLookup, TableSpec } from './table';
import { TABLES } from './tables';

const DAY_MS = 86_400_000;

/** What a record type's rows of one batch became: COPY BINARY data per target of `spec.copies`. */
export interface EncodedRows {
  spec: TableSpec;
  /** Records of this type the batch received. */
  received: number;
  copies: Buffer[];
  /**
   * The table each copy goes into: the rows of a single day straight into that day's partition
   * (the server routing each row through the parent cost ~10% of the COPY's CPU), else the table.
   */
  copyTables: string[];
  /** UTC day starts its rows fall on (their partitions must exist). */
  days: Set<number>;
}

/**
 * The batch being filled: each record is encoded as it arrives (COPY BINARY rows, off the
 * JavaScript heap) and added to the rollups, so no record outlives its line. Records whose
 * names have no id yet wait in `pending` (with every record after them, to keep file order)
 * until the batch is sealed.
 */
export class OpenBatch {
  readonly errors: LineError[] = [];
  readonly pending: CanonicalRecord[] = [];
  /** Null when replacing: the touched hours' rollups are rebuilt instead. */
  readonly rollups: Rollups | null;
  records = 0;
  minTs = Infinity;
  maxTs = -Infinity;
  private readonly types = new Map<RecordType, TypeRows>();

  constructor(
    private readonly ids: IdLookup,
    private readonly jobId: number,
    withRollups: boolean,
    /** Expected bytes per row by table, from earlier batches: growing a buffer of megabytes copies it. */
    private readonly bytesPerRow: Map<string, number>,
    private readonly expectedRows: number,
    private readonly buffers: BufferPool,
  ) {
    this.rollups = withRollups ? new Rollups() : null;
  }

  /** Counts a record in and encodes it (names resolved), or leaves it pending. */
  receive(r: CanonicalRecord, resolved: boolean): void {
    this.records++;
    const rows = this.rowsOf(r.type);
    rows.received++;
    if (!resolved || this.pending.length) this.pending.push(r);
    else this.encode(rows, r);
  }

  /** Encodes a pending record (its names now resolved). */
  encodePending(r: CanonicalRecord): void {
    this.encode(this.rowsOf(r.type), r);
  }

  /** The finished COPY data of every record type, rows of sorted targets in key order. */
  finish(): EncodedRows[] {
    return [...this.types.values()].map((t) => {
      const copies = t.targets.map((target) => target.finish());
      for (let i = 0; i < copies.length; i++) {
        if (t.targets[i].rows) this.bytesPerRow.set(t.spec.copies[i].table, copies[i].length / t.targets[i].rows);
      }
      const oneDay = t.days.size === 1 ? partitionName(t.spec.table, t.lastDay) : t.spec.table;
      const copyTables = t.spec.copies.map((c) => (c.table === t.spec.table ? oneDay : c.table));
      return { spec: t.spec, received: t.received, copies, copyTables, days: t.days };
    });
  }

  private rowsOf(type: RecordType): TypeRows {
    let rows = this.types.get(type);
    if (!rows) {
      const spec = TABLES[type];
      const targets = spec.copies.map((c) => new TargetRows(c, this.expectedRows, this.bytesPerRow.get(c.table) ?? 64, this.buffers));
      this.types.set(type, (rows = { spec, received: 0, targets, days: new Set(), lastDay: NaN }));
    }
    return rows;
  }

  private encode(rows: TypeRows, r: CanonicalRecord): void {
    const spec = rows.spec;
    const key = spec.copyKey ? spec.copyKey(r) : '';
    for (const target of rows.targets) target.add(r, this.ids, this.jobId, key);
    const at = spec.partitionTime(r);
    // Rows mostly fall on the day of the row before: a Set lookup per row cost more than this check.
    if (!(at >= rows.lastDay && at < rows.lastDay + DAY_MS)) rows.days.add((rows.lastDay = Math.floor(at / DAY_MS) * DAY_MS));
    if (at < this.minTs) this.minTs = at;
    if (at > this.maxTs) this.maxTs = at;
    if (this.rollups) spec.rollup?.(r, this.ids, this.rollups);
  }
}

interface TypeRows {
  spec: TableSpec;
  received: number;
  targets: TargetRows[];
  days: Set<number>;
  /** The day of the last row (in `days`). */
  lastDay: number;
}

/** One copy target's rows: encoded in arrival order, and for a sorted target, where each starts and its key. */
class TargetRows {
  rows = 0;
  private readonly out: BinaryRows;
  private readonly fields: number;
  private starts: Uint32Array;
  private prefixes: Uint16Array;

  constructor(
    private readonly target: CopyTarget<CanonicalRecord>,
    expectedRows: number,
    bytesPerRow: number,
    private readonly buffers: BufferPool,
  ) {
    this.fields = target.columns.split(',').length;
    this.out = new BinaryRows(Math.ceil(expectedRows * bytesPerRow * 1.1), buffers);
    const sortedRows = target.sortByKey ? expectedRows : 0;
    this.starts = new Uint32Array(sortedRows);
    this.prefixes = new Uint16Array(sortedRows);
  }

  add(r: CanonicalRecord, ids: IdLookup, jobId: number, key: string): void {
    if (this.target.sortByKey) {
      if (this.rows === this.starts.length) this.grow();
      this.starts[this.rows] = this.out.offset;
      this.prefixes[this.rows] = hexPrefix16(key);
    }
    this.rows++;
    this.target.fields(this.out.row(this.fields), r, ids, jobId, key);
  }

  finish(): Buffer {
    const data = this.out.finish();
    if (!this.target.sortByKey) return data;
    const order = orderByPrefix(this.prefixes.subarray(0, this.rows));
    const sorted = reorderRows(data, this.starts.subarray(0, this.rows), order, this.buffers.take(data.length));
    if (sorted !== data) this.buffers.give(data);
    return sorted;
  }

  private grow(): void {
    const size = Math.max(1024, this.starts.length * 2);
    const starts = new Uint32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const prefixes = new Uint16Array(size);
    prefixes.set(this.prefixes);
    this.prefixes = prefixes;
  }
}

/**
 * Row indexes in the order of their keys' first 16 bits (a counting sort, stable): close enough
 * to key order for the unique index's locality — a leaf holds hundreds of keys — at a fraction
 * of the cost of sorting.
 */
function orderByPrefix(prefixes: Uint16Array): Uint32Array {
  const next = new Uint32Array(PREFIXES + 1);
  for (let i = 0; i < prefixes.length; i++) next[prefixes[i] + 1]++;
  for (let p = 1; p <= PREFIXES; p++) next[p] += next[p - 1];
  const order = new Uint32Array(prefixes.length);
  for (let i = 0; i < prefixes.length; i++) order[next[prefixes[i]]++] = i;
  return order;
}

const PREFIXES = 1 << 16;

function hexPrefix16(key: string): number {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const c = key.charCodeAt(i);
    v = v * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return v;
}
