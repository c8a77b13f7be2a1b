import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Db } from '@/lib/db/client';
import { NameIds } from '@/lib/db/dimensions';
import { ensurePartitions, utcDays } from '@/lib/db/partitions';
import type { LineError } from '@/lib/ingest/format';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { BinaryRows, EMPTY_COPY_BYTES } from './copyBinary';
import { noAffectedHours } from './hours';
import { rebuildRollups } from './recompute';
import { Rollups } from './rollups';
import type { AffectedHours, IdLookup, TableSpec } from './table';
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

/** One record type's share of a batch: its rows (repeats of a key dropped when replacing), encoded for COPY. */
interface TypePlan {
  spec: TableSpec;
  received: number;
  rows: CanonicalRecord[];
  keys: string[];
  /** COPY BINARY data per target of `spec.copies`. */
  copies: Buffer[];
}

/** A batch made ready for its transaction: keyed, encoded, and its rollups summed. */
export interface PreparedBatch {
  batch: Batch;
  plans: TypePlan[];
  /** The rollups of every planned row (null when replacing: those hours are rebuilt instead). */
  rollups: Rollups | null;
}

/** What a transaction stored of one plan. */
interface Stored {
  rows: CanonicalRecord[];
  replaced: number;
  /** False when keys already stored were left out (the precomputed rollups no longer apply). */
  complete: boolean;
}

// Preparing yields to the event loop this often, so the running transaction's next statement
// (waiting on this thread) goes out within a millisecond or so, not after the whole batch.
const SLICE_ROWS = 1000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// deadlock, serialization failure, and a key stored (by this batch's optimistic COPY, or a
// concurrent ingest after the check)
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const MAX_ATTEMPTS = 5;

/**
 * Stores batches for one ingest job. `prepare` does the CPU work (names resolved and partitions
 * created over a separate connection, rows keyed and encoded, rollups summed) so that it can
 * overlap earlier batches' transactions; `commit` is then mostly the database's work: rows
 * COPied straight into their tables (unique indexes reject keys already stored; the batch then
 * checks which keys exist and copies the rest), rollups upserted, rejected lines and the job's
 * counters written, in one transaction. A process killed at any point leaves each batch wholly
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
    const clients: PoolClient[] = [];
    try {
      for (let i = 0; i < (replace ? 1 : 2) + 1; i++) clients.push(await db.pool.connect());
      // Rollup upserts sort thousands of keys: keep that in memory.
      for (const c of clients.slice(1)) await c.query(`SET work_mem = '64MB'`);
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

  async write(batch: Batch): Promise<BatchResult> {
    return this.commit(await this.prepare(batch));
  }

  /** Resolves names, creates the partitions the rows need, encodes the rows and sums their rollups. */
  async prepare(batch: Batch): Promise<PreparedBatch> {
    const nodeNames: string[] = [];
    const modelNames: string[] = [];
    for (const [type, records] of batch.records) {
      const spec = TABLES[type];
      for (const r of records) {
        for (const name of spec.nodeNames(r)) if (name !== null) nodeNames.push(name);
        for (const name of spec.modelNames(r)) if (name !== null) modelNames.push(name);
      }
      await ensurePartitions(this.meta, spec.table, utcDays(records.map((r) => spec.partitionTime(r))), this.partitions);
    }
    await this.nodes.resolve(this.meta, nodeNames);
    await this.models.resolve(this.meta, modelNames);
    const plans: TypePlan[] = [];
    for (const [type, records] of batch.records) {
      const spec = TABLES[type];
      const keys: string[] = [];
      for (let i = 0; i < records.length; i++) {
        if (i % SLICE_ROWS === SLICE_ROWS - 1) await yieldToLoop();
        keys.push(spec.key(records[i], this.ids));
      }
      // Repeats inside a batch are rare: the optimistic COPY finds them (see commit); a replace
      // deletes and copies, so it drops them first.
      const plan = this.replace ? firstOfEachKey(records, keys) : { rows: records, keys };
      plans.push({ spec, received: records.length, ...plan, copies: await this.encode(spec, plan.rows, plan.keys) });
    }
    if (this.replace) return { batch, plans, rollups: null };
    const rollups = new Rollups();
    for (const plan of plans) {
      for (let i = 0; i < plan.rows.length; i += SLICE_ROWS) {
        plan.spec.rollup?.(plan.rows.slice(i, i + SLICE_ROWS), this.ids, rollups);
        await yieldToLoop();
      }
    }
    return { batch, plans, rollups };
  }

  /** Stores a prepared batch in one transaction (retried on deadlocks and keys stored concurrently). */
  async commit(prepared: PreparedBatch): Promise<BatchResult> {
    const client = this.idle.pop() ?? (await new Promise<PoolClient>((resolve) => this.waiting.push(resolve)));
    try {
      return await this.commitOn(client, prepared);
    } finally {
      const next = this.waiting.shift();
      if (next) next(client);
      else this.idle.push(client);
    }
  }

  private async commitOn(client: PoolClient, prepared: PreparedBatch): Promise<BatchResult> {
    // Optimistic first: no lookups. A key already stored fails the COPY (23505), and the batch
    // runs again, this time looking up which keys are stored and copying the rest.
    let lookUpStored = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(client, prepared, lookUpStored);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        if (code === '23505') lookUpStored = true;
      }
    }
  }

  private async transaction(c: PoolClient, { batch, plans, rollups }: PreparedBatch, lookUpStored: boolean): Promise<BatchResult> {
    const result: BatchResult = { accepted: 0, duplicates: 0, replaced: 0, rejected: batch.errors.length };
    const affected = noAffectedHours();
    let minTs = Infinity;
    let maxTs = -Infinity;
    await c.query('BEGIN');
    try {
      const stored: [TableSpec, CanonicalRecord[]][] = [];
      let complete = true;
      for (const plan of plans) {
        const s = this.replace ? await this.replaceRows(c, plan, affected) : await this.copyNew(c, plan, lookUpStored);
        stored.push([plan.spec, s.rows]);
        complete &&= s.complete;
        result.replaced += s.replaced;
        result.accepted += s.rows.length;
        result.duplicates += plan.received - s.rows.length;
        for (const r of s.rows) {
          const t = plan.spec.partitionTime(r);
          if (t < minTs) minTs = t;
          if (t > maxTs) maxTs = t;
        }
      }
      if (rollups) await (complete ? rollups : this.rollupsOf(stored)).upsert(c);
      await rebuildRollups(c, affected);
      if (batch.errors.length) await this.insertErrors(c, batch.errors);
      await c.query(
        `UPDATE ingest_job SET accepted = accepted + $2, duplicates = duplicates + $3, replaced = replaced + $4,
                rejected = rejected + $5, bytes_read = greatest(bytes_read, $6),
                min_ts = least(min_ts, $7), max_ts = greatest(max_ts, $8), heartbeat_at = now()
          WHERE id = $1`,
        [
          this.jobId, result.accepted, result.duplicates, result.replaced, result.rejected, batch.bytesRead,
          Number.isFinite(minTs) ? new Date(minTs) : null, Number.isFinite(maxTs) ? new Date(maxTs) : null,
        ],
      );
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private rollupsOf(stored: readonly (readonly [TableSpec, CanonicalRecord[]])[]): Rollups {
    const rollups = new Rollups();
    for (const [spec, rows] of stored) spec.rollup?.(rows, this.ids, rollups);
    return rollups;
  }

  /** Copies the rows, or (looking up stored keys first) only the first row of each key not stored. */
  private async copyNew(c: PoolClient, plan: TypePlan, lookUpStored: boolean): Promise<Stored> {
    if (!lookUpStored) {
      await this.copy(c, plan.spec, plan.copies);
      return { rows: plan.rows, replaced: 0, complete: true };
    }
    const unique = firstOfEachKey(plan.rows, plan.keys);
    const stored = await plan.spec.stored(c, unique.rows, unique.keys, this.ids);
    const rows = unique.rows.filter((_, i) => !stored.has(i));
    const keys = unique.keys.filter((_, i) => !stored.has(i));
    await this.copy(c, plan.spec, await this.encode(plan.spec, rows, keys));
    return { rows, replaced: 0, complete: false };
  }

  /** Deletes the stored versions of the rows' keys, copies the rows, and marks the hours to rebuild. */
  private async replaceRows(c: PoolClient, plan: TypePlan, affected: AffectedHours): Promise<Stored> {
    const replaced = await plan.spec.deleteStored(c, plan.rows, plan.keys, this.ids, affected);
    await this.copy(c, plan.spec, plan.copies);
    plan.spec.markHours(plan.rows, this.ids, affected);
    return { rows: plan.rows, replaced, complete: true };
  }

  /** The COPY BINARY data of the rows, one buffer per target table. */
  private async encode(spec: TableSpec, rows: CanonicalRecord[], keys: string[]): Promise<Buffer[]> {
    const job = Number(this.jobId);
    const copies: Buffer[] = [];
    for (const target of spec.copies) {
      const fields = target.columns.split(',').length;
      // Sized from the last batch's rows: growing a buffer of megabytes copies it, and page-faults.
      const out = new BinaryRows(Math.ceil(rows.length * (this.bytesPerRow.get(target.table) ?? 64) * 1.1));
      const order = target.sortByKey ? keyOrder(keys) : null;
      for (let n = 0; n < rows.length; n++) {
        if (n % SLICE_ROWS === SLICE_ROWS - 1) await yieldToLoop();
        const i = order ? order[n] : n;
        target.fields(out.row(fields), rows[i], this.ids, job, keys[i]);
      }
      const data = out.finish();
      if (rows.length) this.bytesPerRow.set(target.table, data.length / rows.length);
      copies.push(data);
    }
    return copies;
  }

  private async copy(c: PoolClient, spec: TableSpec, copies: Buffer[]): Promise<void> {
    for (let i = 0; i < copies.length; i++) {
      const target = spec.copies[i];
      // An empty COPY still costs a round trip: skip it (header and trailer only).
      if (copies[i].length <= EMPTY_COPY_BYTES) continue;
      await pipeline(Readable.from([copies[i]]), c.query(copyFrom(`COPY ${target.table} (${target.columns}) FROM STDIN (FORMAT binary)`)));
    }
  }

  private async insertErrors(c: PoolClient, errors: LineError[]): Promise<void> {
    await c.query(
      `INSERT INTO ingest_error (job_id, line, field, message, excerpt)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
      [this.jobId, errors.map((e) => e.line), errors.map((e) => e.field), errors.map((e) => e.message), errors.map((e) => e.excerpt)],
    );
  }
}

/** The rows (and keys) with repeats of a key dropped, first one kept. */
function firstOfEachKey(records: CanonicalRecord[], allKeys: string[]): { rows: CanonicalRecord[]; keys: string[] } {
  const seen = new Set<string>();
  const rows: CanonicalRecord[] = [];
  const keys: string[] = [];
  for (let i = 0; i < records.length; i++) {
    if (seen.has(allKeys[i])) continue;
    seen.add(allKeys[i]);
    rows.push(records[i]);
    keys.push(allKeys[i]);
  }
  return { rows, keys };
}

/**
 * The indexes of `keys` (UUIDs) in the order of their first 24 bits: close enough to key order
 * for the index's locality, and a numeric typed-array sort costs a fraction of comparing strings.
 */
function keyOrder(keys: string[]): Uint32Array {
  const packed = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) packed[i] = hexPrefix24(keys[i]) * INDEX_SPAN + i;
  packed.sort();
  const order = new Uint32Array(keys.length);
  for (let n = 0; n < order.length; n++) order[n] = packed[n] % INDEX_SPAN;
  return order;
}

// Packed as prefix · 2^24 + index: exact in a double (2^48), for batches up to 16M rows.
const INDEX_SPAN = 2 ** 24;

function hexPrefix24(key: string): number {
  let v = 0;
  for (let i = 0; i < 6; i++) {
    const c = key.charCodeAt(i);
    v = v * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return v;
}
