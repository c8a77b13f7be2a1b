/**
 * Loads or removes the demo data (the simulated reference day, tagged demo).
 * Usage: npm run demo -- --load | --remove
 */
import { Command } from 'commander';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations, seedDemoIfEmpty } from '@/lib/db/startup';
import { removeDemo } from '@/lib/demo/demo';

const program = new Command('demo')
  .usage('--load | --remove')
  .description('load the demo data (DeepSeek\'s reference day, simulated) or remove every demo ingest job with its rows')
  .option('--load', 'load the demo data unless it is already loaded, on any database')
  .option('--remove', 'delete every demo ingest job and the rows it stored')
  .parse();

const opts = program.opts<{ load?: boolean; remove?: boolean }>();

async function main(): Promise<void> {
  if (Boolean(opts.load) === Boolean(opts.remove)) program.help({ error: true });
  const db = await getDb();
  await applyMigrations(db.url);
  if (opts.load) {
    if ((await seedDemoIfEmpty(db, { force: true })).error) process.exitCode = 1;
    return;
  }
  const { jobs, rows } = await removeDemo(db);
  console.log(jobs ? `demo data removed: ${jobs} ingest job${jobs === 1 ? '' : 's'}, ${rows.toLocaleString('en-US')} rows; rollups rebuilt` : 'demo data: none loaded');
}

main()
  .then(() => closeGlobalDb())
  .catch(async (e) => {
    console.error(`demo: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
