/**
 * Creates an API token for the HTTP API and prints it once (only its hash is stored).
 * Usage: npm run -s token:create -- --name NAME [--scope ingest read]
 */
import { Command, Option } from 'commander';
import { createApiToken, TOKEN_SCOPES, type TokenScope } from '@/lib/auth/tokens';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';

const { name, scope } = new Command('token:create')
  .description('create an API token (printed once; only its hash is stored)')
  .requiredOption('--name <name>', 'who or what the token is for')
  .addOption(
    new Option('--scope <scope...>', 'what it may do: ingest (push telemetry), read (metrics, reports); default both').choices(TOKEN_SCOPES),
  )
  .parse()
  .opts<{ name: string; scope?: TokenScope[] }>();

async function main(): Promise<void> {
  const db = await getDb();
  await applyMigrations(db.url);
  const { token } = await createApiToken(db, name, scope ?? TOKEN_SCOPES);
  console.log(token);
}

main()
  .then(() => closeGlobalDb())
  .catch(async (e) => {
    console.error(`token:create: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
