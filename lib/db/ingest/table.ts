import type { ClientBase } from 'pg';
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

/**
 * How one record type is stored. Rows are COPied straight into their tables; a unique index
 * rejects a key already stored (then the batch retries without those rows: see BatchWriter).
 */
export interface TableSpec<R extends CanonicalRecord = CanonicalRecord> {
  type: RecordType;
  /** The partitioned table (daily partitions by `partitionTime`). */
  table: string;
  partitionTime(r: R): number;
  nodeNames(r: R): (string | null)[];
  modelNames(r: R): (string | null)[];
  /** The stored row's identity (names resolved): repeats in a batch are duplicates. */
  key(r: R, ids: IdLookup): string;
  /** In order: the first COPY fails on a key already stored, before the heavier ones run. */
  copies: CopyTarget<R>[];
  /** Indexes of `rows` whose keys are already stored. */
  stored(client: ClientBase, rows: R[], keys: string[], ids: IdLookup): Promise<Set<number>>;
  /** Deletes stored rows with the keys of `rows` (replace mode), marking the hours they covered. */
  deleteStored(client: ClientBase, rows: R[], keys: string[], ids: IdLookup, affected: AffectedHours): Promise<number>;
  /** Marks the hours the rows cover (their rollups are rebuilt instead of added to). */
  markHours(rows: R[], ids: IdLookup, affected: AffectedHours): void;
  /** Adds stored rows to the rollups. */
  rollup?(rows: R[], ids: IdLookup, rollups: Rollups): void;
}
