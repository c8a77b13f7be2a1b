/**
 * The embedded PostgreSQL (used when DATABASE_URL is unset) keeps running between commands.
 * Usage: npm run db -- start | stop | status
 */
import { Command } from 'commander';
import { EMBEDDED_DEFAULTS, resolveDatabaseUrl } from '@/lib/db/config';
import { runningPostmasterPort, stopEmbeddedPostgres } from '@/lib/db/embedded';

const dataDir = process.env.FLEETLEDGER_DATA_DIR ?? EMBEDDED_DEFAULTS.dataDir;
const program = new Command('db').description('manage the embedded PostgreSQL server (data in .data/pg)');
program.command('start').description('start it (or report the one running)').action(async () => {
  console.log(`embedded PostgreSQL up: ${(await resolveDatabaseUrl()).replace(/:[^:@/]+@/, ':***@')}`);
});
program.command('stop').description('stop it').action(() => {
  console.log(stopEmbeddedPostgres(dataDir) ? 'embedded PostgreSQL stopped' : 'embedded PostgreSQL was not running');
});
program.command('status').description('say whether it runs, and on which port').action(() => {
  const port = runningPostmasterPort(dataDir);
  console.log(port ? `running on port ${port} (data ${dataDir})` : `not running (data ${dataDir})`);
});
await program.parseAsync();
