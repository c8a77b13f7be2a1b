import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';

/** Names resolved to the compact ids the telemetry tables store. */
export interface IdLookup {
  node(name: string): number;
  nodeOrNull(name: string | null): number | null;
  model(name: string | null): number;
}

/** What a batch statement reports back: rows newly stored and the span of their timestamps. */
export interface MoveResult {
  accepted: number;
  replaced: number;
  minTs: Date | null;
  maxTs: Date | null;
}

/**
 * How one record type is stored: a temporary staging table filled by COPY, and the statements
 * that move staged rows into the partitioned table exactly once (and its rollups in step).
 */
export interface TableSpec<R extends CanonicalRecord = CanonicalRecord> {
  type: RecordType;
  /** The partitioned table and its partition column. */
  table: string;
  stage: string;
  /** CREATE TEMP TABLE for the stage (ON COMMIT DELETE ROWS). */
  stageDdl: string;
  /** Instant (epoch ms) that picks the record's daily partition. */
  partitionTime(r: R): number;
  /** Node and model names the record refers to (resolved to ids before formatting). */
  nodeNames(r: R): (string | null)[];
  modelNames(r: R): (string | null)[];
  /** Key that identifies the stored row, when the batch itself must drop repeats (else the database does). */
  batchKey?: (r: R) => string;
  copyLine(r: R, ids: IdLookup): string;
  /** Moves staged rows ($1 = job id), skipping keys already stored. */
  insertSql: string;
  /** Moves staged rows ($1 = job id), replacing rows whose keys are already stored. */
  replace(client: import('pg').ClientBase, jobId: bigint): Promise<MoveResult>;
}
