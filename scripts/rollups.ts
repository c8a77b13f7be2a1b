/**
 * Rebuilds every rollup from the stored raw rows (a database filled before a rollup table existed).
 * Usage: npm run rollups -- --rebuild
 */
import { Command } from 'commander';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { rebuildAllRollups } from '@/lib/db/ingest/rebuildAll';
import { applyMigrations } from '@/lib/db/startup';

const program = new Command('rollups')
  .usage('--rebuild')
  .description('rebuild every rollup from the raw telemetry rows, one UTC day per transaction')
  .option('--rebuild', 'rebuild all rollups')
  .parse();

async function main(): Promise<number> {
  if (!program.opts<{ rebuild?: boolean }>().rebuild) program.help({ error: true });
  const db = await getDb();
  await applyMigrations(db.url);
  const started = Date.now();
  const days = await rebuildAllRollups(db, (p) => console.log(`rebuilt ${p.day}`));
  console.log(`rebuilt the rollups of ${days} ${days === 1 ? 'day' : 'days'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

main()
  .then(async (code) => {
    await closeGlobalDb();
    process.exit(code);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
