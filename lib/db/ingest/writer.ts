import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Db } from '@/lib/db/client';
import { NameIds } from '@/lib/db/dimensions';
import { ensurePartitions, utcDays } from '@/lib/db/partitions';
import type { LineError } from '@/lib/ingest/format';
import { RECORD_TYPES, type CanonicalRecord, type RecordType } from '@/lib/ingest/records';
import { createAffectedTables } from './recompute';
import type { IdLookup, MoveResult } from './table';
import { TABLES } from './tables';

/** What one batch of parsed lines brings: records by type, rejected lines, progress. */
export interface Batch {
  records: Map<RecordType, CanonicalRecord[]>;
  errors: LineError[];
  /** Non-blank data lines this batch consumed. */
  lines: number;
  /** Bytes of the (possibly compressed) input read so far. */
  bytesRead: number;
}

export interface BatchResult {
  accepted: number;
  duplicates: number;
  replaced: number;
  rejected: number;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure
const MAX_ATTEMPTS = 5;

/**
 * Stores batches for one ingest job over one connection. Each batch is one transaction:
 * COPY into temporary staging tables, move into the partitioned tables skipping (or
 * replacing) keys already stored, rollups updated by the same statements, the batch's
 * rejected lines and the job's counters written too — so a process killed at any point
 * leaves every batch either wholly stored or not at all, and a re-run stores each row once.
 */
export class BatchWriter {
  private readonly nodes = new NameIds('node');
  private readonly models = new NameIds('model');
  private readonly partitions = new Set<string>();
  private readonly ids: IdLookup = {
    node: (name) => this.nodes.get(name),
    nodeOrNull: (name) => (name === null ? null : this.nodes.get(name)),
    model: (name) => (name === null ? 0 : this.models.get(name)),
  };

  private constructor(
    private readonly client: PoolClient,
    private readonly jobId: bigint,
    private readonly replace: boolean,
  ) {}

  static async open(db: Db, jobId: bigint, replace: boolean): Promise<BatchWriter> {
    const client = await db.pool.connect();
    for (const type of RECORD_TYPES) await client.query(TABLES[type].stageDdl);
    await createAffectedTables(client);
    return new BatchWriter(client, jobId, replace);
  }

  release(): void {
    this.client.release();
  }

  async write(batch: Batch): Promise<BatchResult> {
    const staged = await this.prepare(batch);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(batch, staged);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  /** Resolves names, creates partitions and formats the COPY text of each type. */
  private async prepare(batch: Batch): Promise<Map<RecordType, { text: string; count: number }>> {
    const nodeNames: string[] = [];
    const modelNames: string[] = [];
    for (const [type, records] of batch.records) {
      const spec = TABLES[type];
      for (const r of records) {
        for (const n of spec.nodeNames(r)) if (n !== null) nodeNames.push(n);
        for (const m of spec.modelNames(r)) if (m !== null) modelNames.push(m);
      }
      await ensurePartitions(this.client, spec.table, utcDays(records.map((r) => spec.partitionTime(r))), this.partitions);
    }
    await this.nodes.resolve(this.client, nodeNames);
    await this.models.resolve(this.client, modelNames);

    const staged = new Map<RecordType, { text: string; count: number }>();
    for (const [type, records] of batch.records) {
      const spec = TABLES[type];
      const unique = spec.batchKey ? uniqueBy(records, spec.batchKey) : records;
      let text = '';
      for (const r of unique) text += spec.copyLine(r, this.ids);
      staged.set(type, { text, count: records.length });
    }
    return staged;
  }

  private async transaction(batch: Batch, staged: Map<RecordType, { text: string; count: number }>): Promise<BatchResult> {
    const c = this.client;
    const result: BatchResult = { accepted: 0, duplicates: 0, replaced: 0, rejected: batch.errors.length };
    let minTs: Date | null = null;
    let maxTs: Date | null = null;
    await c.query('BEGIN');
    try {
      for (const [type, { text, count }] of staged) {
        if (!count) continue;
        const spec = TABLES[type];
        await pipeline(Readable.from([text]), c.query(copyFrom(`COPY ${spec.stage} FROM STDIN`)));
        const moved: MoveResult = this.replace
          ? await spec.replace(c, this.jobId)
          : (await c.query<MoveResult>(spec.insertSql, [this.jobId])).rows[0];
        result.accepted += moved.accepted;
        result.replaced += moved.replaced;
        result.duplicates += count - moved.accepted;
        if (moved.minTs && (!minTs || moved.minTs < minTs)) minTs = moved.minTs;
        if (moved.maxTs && (!maxTs || moved.maxTs > maxTs)) maxTs = moved.maxTs;
      }
      if (batch.errors.length) await this.insertErrors(batch.errors);
      await c.query(
        `UPDATE ingest_job SET accepted = accepted + $2, duplicates = duplicates + $3, replaced = replaced + $4,
                rejected = rejected + $5, bytes_read = greatest(bytes_read, $6),
                min_ts = least(min_ts, $7), max_ts = greatest(max_ts, $8), heartbeat_at = now()
          WHERE id = $1`,
        [this.jobId, result.accepted, result.duplicates, result.replaced, result.rejected, batch.bytesRead, minTs, maxTs],
      );
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private async insertErrors(errors: LineError[]): Promise<void> {
    await this.client.query(
      `INSERT INTO ingest_error (job_id, line, field, message, excerpt)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
      [this.jobId, errors.map((e) => e.line), errors.map((e) => e.field), errors.map((e) => e.message), errors.map((e) => e.excerpt)],
    );
  }
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
