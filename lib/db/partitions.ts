import type { ClientBase } from 'pg';

const DAY_MS = 86_400_000;
// Serialises partition creation between concurrent ingests (any constant works).
const PARTITION_LOCK = 72707370;

/** The partition of `table` holding the UTC day that starts at `dayStart` (epoch ms). */
export const partitionName = (table: string, dayStart: number) =>
  `${table}_p${new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '')}`;

/** UTC day starts (epoch ms) of the given instants. */
export function utcDays(instants: Iterable<number>): Set<number> {
  const days = new Set<number>();
  for (const t of instants) days.add(Math.floor(t / DAY_MS) * DAY_MS);
  return days;
}

/**
 * Creates the daily partitions of `table` that `days` need and `known` does not list yet.
 * Runs in its own short transaction: creating a partition locks the parent table.
 */
export async function ensurePartitions(client: ClientBase, table: string, days: Set<number>, known: Set<string>): Promise<void> {
  const missing = [...days].map((d) => [d, partitionName(table, d)] as const).filter(([, name]) => !known.has(name));
  if (!missing.length) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    for (const [day, name] of missing) {
      const from = new Date(day).toISOString();
      const to = new Date(day + DAY_MS).toISOString();
      // DDL takes no bind parameters; the bounds are dates computed here, not input.
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  for (const [, name] of missing) known.add(name);
}
