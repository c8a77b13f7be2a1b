import type pg from 'pg';
import { CITUS_LAYOUT, unplacedTables, type Placement } from './layout';
import { getCitusTables, type CitusTable } from './getCitusTables';
import { getCitusVersion } from './getCitusVersion';
import { getSchemaTables } from './getSchemaTables';

export interface LayoutOptions {
  /** Shards of each distributed table (Citus's citus.shard_count when not given). */
  shardCount?: number;
}

/** A table this run placed. */
export interface PlacedTable {
  table: string;
  placement: Placement;
}

/** True when the connected database has the citus extension and its telemetry is distributed. */
export async function hasCitusLayout(client: pg.ClientBase): Promise<boolean> {
  if ((await getCitusVersion(client)) === null) return false;
  return (await getCitusTables(client)).get('gpu_sample')?.type === 'distributed';
}

/**
 * Places every table of CITUS_LAYOUT that Citus does not know yet, and checks the ones it knows:
 * run again, it places nothing. Fails on a table of the schema the layout does not name, and on
 * a table placed otherwise than the layout says (moving it is a decision, not a repair).
 */
export async function applyCitusLayout(client: pg.ClientBase, options: LayoutOptions = {}): Promise<PlacedTable[]> {
  const unplaced = unplacedTables(await getSchemaTables(client));
  if (unplaced.length) throw new Error(`no Citus placement for ${unplaced.join(', ')}: add them to lib/db/citus/layout.ts`);
  const known = await getCitusTables(client);
  const placed: PlacedTable[] = [];
  for (const [table, placement] of CITUS_LAYOUT) {
    if (placement.kind === 'coordinator') {
      if (known.has(table)) throw new Error(`${table} is a Citus ${known.get(table)?.type} table; the layout keeps it on the coordinator`);
      continue;
    }
    const now = known.get(table);
    if (now) {
      assertPlaced(table, now, placement);
      continue;
    }
    await place(client, table, placement, options);
    placed.push({ table, placement });
  }
  assertColocated(await getCitusTables(client));
  await client.query(SEQUENTIAL_SESSIONS);
  return placed;
}

/**
 * An ingest batch, a job deletion or a rebuild writes sharded tables and then its ingest job,
 * a reference table in a foreign key (ingest_error's). Citus allows that in one transaction only
 * over one connection per worker (else: "cannot modify table ingest_job because there was a
 * parallel operation on a distributed table"), so every session of the database works so: the
 * workers still run in parallel, each worker's shards one after another. New sessions take it.
 */
const SEQUENTIAL_SESSIONS = `DO $$ BEGIN
  EXECUTE format('ALTER DATABASE %I SET citus.multi_shard_modify_mode TO sequential', current_database());
END $$`;

async function place(client: pg.ClientBase, table: string, placement: Placement, { shardCount }: LayoutOptions): Promise<void> {
  if (placement.kind === 'reference') {
    await client.query('SELECT create_reference_table($1::regclass)', [table]);
  } else if (placement.kind === 'distributed' && placement.colocateWith) {
    await client.query('SELECT create_distributed_table($1::regclass, $2, colocate_with => $3)', [table, placement.column, placement.colocateWith]);
  } else if (placement.kind === 'distributed') {
    await client.query(
      `SELECT create_distributed_table($1::regclass, $2, colocate_with => 'none', shard_count => coalesce($3::int, current_setting('citus.shard_count')::int))`,
      [table, placement.column, shardCount ?? null],
    );
  }
  // Rows stored before are copied into the shards; the coordinator's own copy is then dead weight.
  await client.query('SELECT truncate_local_data_after_distributing_table($1::regclass)', [table]);
}

function assertPlaced(table: string, now: CitusTable, placement: Placement): void {
  const fits = placement.kind === 'reference'
    ? now.type === 'reference'
    : placement.kind === 'distributed' && now.type === 'distributed' && now.column === placement.column;
  if (!fits) {
    const is = now.type === 'distributed' ? `distributed by ${now.column}` : `a ${now.type} table`;
    throw new Error(`${table} is ${is} on this cluster, which is not what lib/db/citus/layout.ts says`);
  }
}

function assertColocated(known: Map<string, CitusTable>): void {
  for (const [table, placement] of CITUS_LAYOUT) {
    if (placement.kind !== 'distributed' || !placement.colocateWith) continue;
    if (known.get(table)?.colocationId !== known.get(placement.colocateWith)?.colocationId) {
      throw new Error(`${table} is not co-located with ${placement.colocateWith}`);
    }
  }
}
