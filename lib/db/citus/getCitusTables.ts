import type pg from 'pg';

/** A table Citus knows, as its metadata describes it. */
export interface CitusTable {
  name: string;
  type: 'distributed' | 'reference' | 'local';
  /** The distribution column of a distributed table, else null. */
  column: string | null;
  colocationId: number;
}

/** The public schema's tables in Citus's metadata (partitions left out), by name. */
export async function getCitusTables(client: pg.ClientBase): Promise<Map<string, CitusTable>> {
  const { rows } = await client.query<CitusTable>(
    `SELECT c.relname AS name, t.citus_table_type AS type,
            nullif(t.distribution_column, '<none>') AS column, t.colocation_id::int AS "colocationId"
       FROM citus_tables t JOIN pg_class c ON c.oid = t.table_name JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT c.relispartition`,
  );
  return new Map(rows.map((r) => [r.name, r]));
}
