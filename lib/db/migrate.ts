import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { applyCitusLayout, hasCitusLayout } from './citus/applyLayout';
import { splitStatements } from './sqlStatements';

/**
 * Applies prisma/migrations/<stamp>_<name>/migration.sql in order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (sha256 of the file as checksum),
 * so the project and Prisma's own engine stay interchangeable where the engine can be installed.
 */
export const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');

// The table as Prisma's schema engine creates it.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works: it only serialises concurrent migrators (and db:distribute) on one database.
export const MIGRATION_LOCK = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

async function appliedMigrations(client: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

/** The names of the migrations not applied to the connected database yet. */
export async function pendingMigrations(client: pg.ClientBase, dir = MIGRATIONS_DIR): Promise<string[]> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const applied = await appliedMigrations(client);
  return listMigrations(dir).filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/**
 * Applies pending migrations; returns the names applied. Throws when an applied file changed.
 * On a database already laid out for Citus, a table a migration created is then placed as
 * lib/db/citus/layout.ts says (DDL on tables already placed, Citus carries to the shards itself).
 */
export async function migrate(client: pg.ClientBase, dir = MIGRATIONS_DIR): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedMigrations(client);
    const done: string[] = [];
    for (const m of listMigrations(dir)) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
        continue;
      }
      await applyOne(client, m);
      done.push(m.name);
    }
    if (done.length && (await hasCitusLayout(client))) await applyCitusLayout(client);
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

async function applyOne(client: pg.ClientBase, m: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
      [id, m.checksum, m.name],
    );
    for (const statement of splitStatements(m.sql)) await client.query(statement);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
  }
}
