import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '@/lib/db/client';
import { NameIds } from '@/lib/db/dimensions';
import { ensurePartitions } from '@/lib/db/partitions';
import { sqlState } from '@/lib/db/sqlState';
import type { LineError } from '@/lib/ingest/format';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { BufferPool, EMPTY_COPY_BYTES } from './copyBinary';
import { noAffectedHours } from './hours';
import { OpenBatch, type EncodedRows } from './openBatch';
import { rebuildRollups } from './recompute';
import { Rollups } from './rollups';
import type { AffectedHours, IdLookup, StoredRow, TableSpec } from './table';
import { TABLES } from './tables';

/** A whole batch of parsed lines at once (tests, and callers that hold their records). */
export interface Batch {
  records: Map<RecordType, CanonicalRecord[]>;
  errors: LineError[];
  /** Bytes of the (possibly compressed) input read so far. */
  bytesRead: number;
}

export interface BatchResult {
  accepted: number;
  duplicates: number;
  replaced: number;
  rejected: number;
}

/** A batch made ready for its transaction: encoded, its partitions created, its rollups summed. */
export interface SealedBatch {
  types: EncodedRows[];
  /** The rollups of every row (null when replacing: those hours are rebuilt instead). */
  rollups: Rollups | null;
  errors: LineError[];
  bytesRead: number;
  minTs: number;
  maxTs: number;
}

/** What a transaction stored: counts, the time range of the rows stored, and their rollups. */
interface Stored {
  result: BatchResult;
  minTs: number;
  maxTs: number;
  rollups: Rollups | null;
  affected: AffectedHours;
}

// Sealing encodes the pending records in slices, yielding to the event loop in between, so a
// running transaction's next statement (waiting on this thread) goes out without long delays.
const SLICE_ROWS = 1000;

// deadlock, serialization failure, and a key stored (by this batch's fast COPY, or a
// concurrent ingest after the check)
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const MAX_ATTEMPTS = 5;
const EXPECTED_ROWS = 10_000;

/**
 * Stores batches for one ingest job. Records are encoded as they are added (`add`, see
 * OpenBatch); `seal` resolves the names still unknown, creates the partitions the rows need and
 * finishes the COPY data, overlapping earlier batches' transactions; `commit` is then the
 * database's work, in one transaction: rows COPied straight into their tables (unique indexes
 * reject keys already stored: the batch then takes the staged path), rollups upserted, rejected
 * lines and the job's counters written. A process killed at any point leaves each batch wholly
 * stored or not at all, and a re-run stores each row exactly once.
 */
export class BatchWriter {
  private readonly nodes = new NameIds('node');
  private readonly models = new NameIds('model');
  private readonly partitions = new Set<string>();
  private readonly bytesPerRow = new Map<string, number>();
  private readonly ids: IdLookup = {
    node: (name) => this.nodes.get(name),
    nodeOrNull: (name) => (name === null ? null : this.nodes.get(name)),
    model: (name) => (name === null ? 0 : this.models.get(name)),
  };
  private open: OpenBatch;
  private expectedRows = EXPECTED_ROWS;
  // Enough for the batches in flight and the open one, a few targets each.
  private readonly buffers = new BufferPool(4);

  private readonly idle: PoolClient[];
  private readonly waiting: ((client: PoolClient) => void)[] = [];

  private constructor(
    private readonly clients: PoolClient[],
    /** Names and partitions: committed on their own, so they never wait for (or roll back with) a batch. */
    private readonly meta: PoolClient,
    private readonly jobId: bigint,
    private readonly replace: boolean,
  ) {
    this.idle = [...clients];
    this.open = this.newBatch();
  }

  /**
   * Transactions that may run at once. Two keep the server busy while one waits on this thread;
   * a replace rebuilds rollups from the raw rows, which a concurrent batch could be changing, so
   * it runs one at a time.
   */
  get concurrency(): number {
    return this.clients.length;
  }

  static async open(db: Db, jobId: bigint, replace: boolean): Promise<BatchWriter> {
    // One connection for the job's own statements, the others for batch transactions: never
    // more than the pool allows, or this would wait for ever for connections it cannot get.
    const poolSize = db.pool.options.max ?? 10; // pg-pool fills in its default, 10
    if (poolSize < 2) throw new Error(`an ingest needs 2 database connections; the pool allows ${poolSize}`);
    const batchConnections = Math.min(replace ? 1 : 2, poolSize - 1);
    // Connected at once: each new connection's authentication is a round of key stretching.
    const connected = await Promise.allSettled(Array.from({ length: 1 + batchConnections }, () => db.pool.connect()));
    const clients = connected.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
    try {
      const failed = connected.find((c) => c.status === 'rejected');
      if (failed) throw failed.reason;
      // Rollup upserts sort thousands of keys: keep that in memory. The staged path's
      // CREATE TEMP TABLE IF NOT EXISTS notices say nothing.
      await Promise.all(clients.slice(1).map((c) => c.query(`SET work_mem = '64MB'; SET client_min_messages = warning`)));
    } catch (e) {
      for (const c of clients) c.release();
      throw e;
    }
    return new BatchWriter(clients.slice(1), clients[0], jobId, replace);
  }

  release(): void {
    for (const c of this.clients) c.release();
    this.meta.release();
  }

  /** Records in the open batch. */
  get size(): number {
    return this.open.records;
  }

  /** Rejected lines in the open batch. */
  get rejected(): number {
    return this.open.errors.length;
  }

  /** Adds parsed lines to the open batch: records (encoded at once where their names are known) and rejected lines. */
  add(records: readonly CanonicalRecord[], errors: readonly LineError[] = []): void {
    const batch = this.open;
    for (const r of records) batch.receive(r, this.resolved(r));
    for (const e of errors) batch.errors.push(e);
  }

  /** Stores a whole batch: adds it, seals it and commits it. */
  async write(batch: Batch): Promise<BatchResult> {
    for (const records of batch.records.values()) this.add(records);
    this.add([], batch.errors);
    return this.commit(await this.seal(batch.bytesRead));
  }

  /** Closes the open batch: names resolved and pending records encoded, partitions created, COPY data finished. */
  async seal(bytesRead: number): Promise<SealedBatch> {
    const batch = this.open;
    this.expectedRows = Math.max(EXPECTED_ROWS, batch.records);
    this.open = this.newBatch();
    if (batch.pending.length) {
      await this.resolveNames(batch.pending);
      for (let i = 0; i < batch.pending.length; i++) {
        if (i % SLICE_ROWS === SLICE_ROWS - 1) await nextTurn();
        batch.encodePending(batch.pending[i]);
      }
    }
    const types = batch.finish();
    for (const t of types) await ensurePartitions(this.meta, t.spec.table, t.days, this.partitions);
    return { types, rollups: batch.rollups, errors: batch.errors, bytesRead, minTs: batch.minTs, maxTs: batch.maxTs };
  }

  /** Stores a sealed batch in one transaction (retried on deadlocks and keys stored concurrently). */
  async commit(sealed: SealedBatch): Promise<BatchResult> {
    const client = this.idle.pop() ?? (await new Promise<PoolClient>((resolve) => this.waiting.push(resolve)));
    try {
      return await this.commitOn(client, sealed);
    } finally {
      for (const t of sealed.types) for (const data of t.copies) this.buffers.give(data);
      const next = this.waiting.shift();
      if (next) next(client);
      else this.idle.push(client);
    }
  }

  private newBatch(): OpenBatch {
    return new OpenBatch(this.ids, Number(this.jobId), !this.replace, this.bytesPerRow, this.expectedRows, this.buffers);
  }

  private resolved(r: CanonicalRecord): boolean {
    const spec = TABLES[r.type];
    for (const name of spec.nodeNames(r)) if (name !== null && !this.nodes.has(name)) return false;
    for (const name of spec.modelNames(r)) if (name !== null && !this.models.has(name)) return false;
    return true;
  }

  private async resolveNames(records: CanonicalRecord[]): Promise<void> {
    const nodeNames: string[] = [];
    const modelNames: string[] = [];
    for (const r of records) {
      const spec = TABLES[r.type];
      for (const name of spec.nodeNames(r)) if (name !== null) nodeNames.push(name);
      for (const name of spec.modelNames(r)) if (name !== null) modelNames.push(name);
    }
    await this.nodes.resolve(this.meta, nodeNames);
    await this.models.resolve(this.meta, modelNames);
  }

  private async commitOn(client: PoolClient, sealed: SealedBatch): Promise<BatchResult> {
    // The fast path first: no lookups. A key already stored fails its COPY (23505), and the batch
    // runs again on the staged path. Replacing always stages.
    let staged = this.replace;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(client, sealed, staged);
      } catch (e) {
        const code = sqlState(e);
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        if (code === '23505') staged = true;
      }
    }
  }

  private async transaction(c: PoolClient, sealed: SealedBatch, staged: boolean): Promise<BatchResult> {
    await c.query('BEGIN');
    try {
      const stored = staged ? await this.storeStaged(c, sealed) : await this.storeFast(c, sealed);
      if (stored.rollups) await stored.rollups.upsert(c);
      await rebuildRollups(c, stored.affected);
      if (sealed.errors.length) await this.insertErrors(c, sealed.errors);
      const r = stored.result;
      await c.query(
        `UPDATE ingest_job SET accepted = accepted + $2, duplicates = duplicates + $3, replaced = replaced + $4,
                rejected = rejected + $5, bytes_read = greatest(bytes_read, $6),
                min_ts = least(min_ts, $7), max_ts = greatest(max_ts, $8), heartbeat_at = now()
          WHERE id = $1`,
        [
          this.jobId, r.accepted, r.duplicates, r.replaced, r.rejected, sealed.bytesRead,
          Number.isFinite(stored.minTs) ? new Date(stored.minTs) : null, Number.isFinite(stored.maxTs) ? new Date(stored.maxTs) : null,
        ],
      );
      await c.query('COMMIT');
      return r;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Every row COPied straight into its tables, with the rollups summed while encoding. */
  private async storeFast(c: PoolClient, sealed: SealedBatch): Promise<Stored> {
    let accepted = 0;
    for (const t of sealed.types) {
      for (let i = 0; i < t.copies.length; i++) await copy(c, t.copyTables[i], t.spec.copies[i].columns, t.copies[i]);
      accepted += t.received;
    }
    return {
      result: { accepted, duplicates: 0, replaced: 0, rejected: sealed.errors.length },
      minTs: sealed.minTs, maxTs: sealed.maxTs, rollups: sealed.rollups, affected: noAffectedHours(),
    };
  }

  /**
   * Each type's rows COPied into its stage table and moved by SQL: the first row of each key,
   * keys already stored left out (or, replacing, deleted first). The rollups are summed from the
   * rows the move returns, or (replacing) the hours they touch are rebuilt.
   */
  private async storeStaged(c: PoolClient, sealed: SealedBatch): Promise<Stored> {
    const stored: Stored = {
      result: { accepted: 0, duplicates: 0, replaced: 0, rejected: sealed.errors.length },
      minTs: Infinity, maxTs: -Infinity, rollups: this.replace ? null : new Rollups(), affected: noAffectedHours(),
    };
    for (const t of sealed.types) {
      const spec = t.spec as TableSpec<CanonicalRecord, StoredRow>;
      const main = spec.copies.findIndex((target) => target.table === spec.table);
      const stage = `stage_${spec.table}`;
      await c.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE ${spec.table}, ord bigserial) ON COMMIT DELETE ROWS`);
      await copy(c, stage, spec.copies[main].columns, t.copies[main]);
      if (this.replace) {
        const { rows: deleted } = await c.query<StoredRow>(spec.deleteStaged);
        for (const row of deleted) spec.markHours(row, stored.affected);
        stored.result.replaced += deleted.length;
      }
      const { rows } = await c.query<StoredRow>(spec.moveStaged);
      for (const row of rows) {
        const at = spec.storedTime(row);
        if (at < stored.minTs) stored.minTs = at;
        if (at > stored.maxTs) stored.maxTs = at;
        if (stored.rollups) spec.rollupStored?.(row, stored.rollups);
        else spec.markHours(row, stored.affected);
      }
      stored.result.accepted += rows.length;
      stored.result.duplicates += t.received - rows.length;
    }
    return stored;
  }

  private async insertErrors(c: PoolClient, errors: LineError[]): Promise<void> {
    await c.query(
      `INSERT INTO ingest_error (job_id, line, field, message, excerpt)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
      [this.jobId, errors.map((e) => e.line), errors.map((e) => e.field), errors.map((e) => e.message), errors.map((e) => e.excerpt)],
    );
  }
}

// The server reads each CopyData message whole into one buffer before parsing it: a batch's
// megabytes in one message cost it 0.7-1.8 s more CPU per 1M rows than 64 KiB messages, which
// stay in the CPU's cache (and are what a COPY from a file stream sends).
const COPY_MESSAGE_BYTES = 64 * 1024;

async function copy(c: PoolClient, table: string, columns: string, data: Buffer): Promise<void> {
  // An empty COPY still costs a round trip: skip it (header and trailer only).
  if (data.length <= EMPTY_COPY_BYTES) return;
  await pipeline(Readable.from(messagesOf(data)), c.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN (FORMAT binary)`)));
}

function* messagesOf(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += COPY_MESSAGE_BYTES) yield data.subarray(at, at + COPY_MESSAGE_BYTES);
}
