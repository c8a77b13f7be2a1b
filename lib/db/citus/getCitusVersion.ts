import type pg from 'pg';

/** The version of the citus extension in the connected database, or null when it is not created there. */
export async function getCitusVersion(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ version: string }>(`SELECT extversion AS version FROM pg_extension WHERE extname = 'citus'`);
  return rows[0]?.version ?? null;
}
