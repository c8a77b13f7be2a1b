/**
 * Revokes an API token by its id or its prefix (as the Tokens page lists them).
 * Usage: npm run -s token:revoke -- (--id N | --prefix flt_abcd)
 */
import { Command } from 'commander';
import { listApiTokens, revokeApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';

const opts = new Command('token:revoke')
  .description('revoke an API token (it stops working within seconds)')
  .option('--id <id>', 'the token id')
  .option('--prefix <prefix>', 'the token prefix shown on the Tokens page')
  .parse()
  .opts<{ id?: string; prefix?: string }>();

async function main(): Promise<void> {
  if (!opts.id === !opts.prefix) throw new Error('give either --id or --prefix');
  const db = await getDb();
  await applyMigrations(db.url);
  const matches = (await listApiTokens(db, null)).filter((t) => (opts.id ? String(t.id) === opts.id : t.prefix === opts.prefix));
  if (matches.length === 0) throw new Error(`no token ${opts.id ? `id ${opts.id}` : `with prefix ${opts.prefix}`}`);
  if (matches.length > 1) throw new Error(`${matches.length} tokens have prefix ${opts.prefix}: revoke by --id (${matches.map((t) => t.id).join(', ')})`);
  await revokeApiToken(db, matches[0].id);
  console.log(`revoked token ${matches[0].id} "${matches[0].name}"`);
}

main()
  .then(() => closeGlobalDb())
  .catch(async (e) => {
    console.error(`token:revoke: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
