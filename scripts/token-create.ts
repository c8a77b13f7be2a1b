/**
 * Creates an API token for the HTTP API and prints it once (only its hash is stored).
 * Usage: npm run -s token:create -- --name NAME
 */
import { Command } from 'commander';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';

const { name } = new Command('token:create')
  .description('create an API token (printed once; only its hash is stored)')
  .requiredOption('--name <name>', 'who or what the token is for')
  .parse()
  .opts<{ name: string }>();

async function main(): Promise<void> {
  const db = await getDb();
  await applyMigrations(db.url);
  const { token } = await createApiToken(db, name);
  console.log(token);
}

main()
  .then(() => closeGlobalDb())
  .catch(async (e) => {
    console.error(`token:create: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
