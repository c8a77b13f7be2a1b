import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import type { BinaryRows } from './copyBinary';
import type { Rollups } from './rollups';

/** Names resolved to the compact ids the telemetry tables store. */
export interface IdLookup {
  node(name: string): number;
  nodeOrNull(name: string | null): number | null;
  model(name: string | null): number;
}

/** One COPY of a record type: a table, its columns, and a record's fields in COPY BINARY format. */
export interface CopyTarget<R> {
  table: string;
  columns: string;
  /**
   * Rows go in key order (within the batch): a unique index on random keys takes sorted
   * inserts at about two thirds of the server's CPU.
   */
  sortByKey?: boolean;
  /** Writes the fields of one row (the row itself is started by the caller), in `columns` order. */
  fields(out: BinaryRows, r: R, ids: IdLookup, jobId: number, key: string): void;
}

/** The hours whose rollups must be rebuilt after rows were replaced or deleted. */
export interface AffectedHours {
  requestHours: Set<number>;
  /** `${nodeId}|${hourStartMs}` */
  nodeHours: Set<string>;
  /** Hours of expert_load rows (their rollups are fleet-wide). */
  expertHours: Set<number>;
}

/** A stored row as the staged statements return it: what its rollups and hours need. */
export type StoredRow = object;

/**
 * How one record type is stored. The fast path COPies a batch's rows straight into their
 * tables, and a unique index rejects a key already stored; the batch then takes the staged
 * path: its rows are COPied into `stage_<table>` (a temporary twin of the table with an `ord`
 * column in file order) and moved by SQL, first row of each key, keys already stored left out
 * (or, replacing, deleted first). See BatchWriter.
 */
export interface TableSpec<R extends CanonicalRecord = CanonicalRecord, S extends StoredRow = StoredRow> {
  type: RecordType;
  /** The partitioned table (daily partitions by `partitionTime`). */
  table: string;
  partitionTime(r: R): number;
  nodeNames(r: R): (string | null)[];
  modelNames(r: R): (string | null)[];
  /** The key handed to the copy targets (and sorted by, where they ask). */
  copyKey?(r: R): string;
  /** In order: the first COPY fails on a key already stored, before the heavier ones run. One of them is `table` itself. */
  copies: CopyTarget<R>[];
  /** Moves `stage_<table>` into the table, first row of each key, stored keys skipped; RETURNING the stored rows. */
  moveStaged: string;
  /** Deletes the stored rows whose keys are staged (replace mode); RETURNING the deleted rows. */
  deleteStaged: string;
  /** A row returned by moveStaged or deleteStaged: its partition time (epoch ms). */
  storedTime(s: S): number;
  /** Marks the hours a returned row covers (their rollups are rebuilt instead of added to). */
  markHours(s: S, affected: AffectedHours): void;
  /** Adds a record's row to the rollups (fast path), and a returned row's (staged path). */
  rollup?(r: R, ids: IdLookup, rollups: Rollups): void;
  rollupStored?(s: S, rollups: Rollups): void;
}
