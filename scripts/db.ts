/**
 * The checkout's embedded PostgreSQL servers (used when DATABASE_URL is unset) keep running
 * between commands: the app's and the test suite's.
 * Usage: npm run db -- start | stop | status
 */
import { Command } from 'commander';
import { describeEmbeddedServer, embeddedServer, resolveDatabaseUrl, type EmbeddedServer } from '@/lib/db/config';
import { runningPostmasterPort, stopEmbeddedPostgres } from '@/lib/db/embedded';

const servers = (): EmbeddedServer[] => [embeddedServer('app'), embeddedServer('test')];
const program = new Command('db').description("manage this checkout's embedded PostgreSQL servers (the app's and the tests')");
program.command('start').description("start the app's server (or report the one running)").action(async () => {
  const url = await resolveDatabaseUrl(console.log);
  console.log(`embedded PostgreSQL up: ${url.replace(/:[^:@/]+@/, ':***@')} (${describeEmbeddedServer(embeddedServer('app'))})`);
  process.exit(0);
});
program.command('stop').description('stop both servers').action(() => {
  for (const s of servers()) console.log(`${s.kind}: ${stopEmbeddedPostgres(s.dataDir) ? 'stopped' : 'was not running'}`);
});
program.command('status').description('say whether each runs, on which port, and where its data is').action(() => {
  for (const s of servers()) {
    const port = runningPostmasterPort(s.dataDir);
    console.log(`${s.kind}: ${port ? `running on port ${port}` : 'not running'}, ${describeEmbeddedServer(s)}`);
  }
});
await program.parseAsync();
