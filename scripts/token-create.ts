/**
 * Creates an API token and prints it once (only its hash is stored). With --user the token
 * belongs to that user and acts within their role; without, it belongs to whoever runs the server.
 * Usage: npm run -s token:create -- --name NAME [--scope ingest read admin] [--user EMAIL]
 */
import { Command, Option } from 'commander';
import { SCOPES_OF_ROLE } from '@/lib/auth/roles';
import { createApiToken, TOKEN_SCOPES, type TokenScope } from '@/lib/auth/tokens';
import { findUserWithHash } from '@/lib/auth/users';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';

const { name, scope, user } = new Command('token:create')
  .description('create an API token (printed once; only its hash is stored)')
  .requiredOption('--name <name>', 'who or what the token is for')
  .addOption(
    new Option('--scope <scope...>', 'what it may do: ingest (push telemetry), read (metrics, reports), admin; default ingest and read').choices(TOKEN_SCOPES),
  )
  .option('--user <email>', 'the user it belongs to (it then acts within their role)')
  .parse()
  .opts<{ name: string; scope?: TokenScope[]; user?: string }>();

async function main(): Promise<void> {
  const db = await getDb();
  await applyMigrations(db.url);
  const scopes = scope ?? ['ingest', 'read'];
  let userId: number | null = null;
  if (user) {
    const owner = await findUserWithHash(db, user);
    if (!owner) throw new Error(`no user ${user}`);
    const beyond = scopes.filter((s) => !SCOPES_OF_ROLE[owner.role].includes(s));
    if (beyond.length) throw new Error(`${owner.email} is ${owner.role}: their tokens may not have ${beyond.join(', ')}`);
    userId = owner.id;
  }
  const { token } = await createApiToken(db, name, scopes, userId);
  console.log(token);
}

main()
  .then(() => closeGlobalDb())
  .catch(async (e) => {
    console.error(`token:create: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
