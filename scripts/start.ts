/**
 * npm start: the database (DATABASE_URL, or the embedded PostgreSQL), migrations, demo data
 * when due, `next build` when the sources changed, then `next start`.
 * Usage: npm start [-- --port 3000] [-- --host 127.0.0.1] [-- --demo] [-- --dev]
 */
import { Command } from 'commander';
import { launchApp } from '@/lib/launch/app';
import { parsePort } from '@/lib/launch/next';

const opts = new Command('start')
  .description('start FleetLedger on its database, building the web app when its sources changed')
  .usage('[--port <port>] [--host <address>] [--demo] [--dev]')
  .option('--port <port>', 'HTTP port (or PORT)', process.env.PORT ?? '3000')
  .option('--host <address>', 'address to listen on (or HOST); 0.0.0.0 opens it to the network', process.env.HOST ?? '127.0.0.1')
  .option('--demo', 'load demo data even on a DATABASE_URL server')
  .option('--dev', 'run `next dev` with hot reload instead of a production build')
  .parse()
  .opts<{ port: string; host: string; demo?: boolean; dev?: boolean }>();

launchApp({ root: process.cwd(), port: parsePort(opts.port), host: opts.host, dev: opts.dev, demo: opts.demo })
  .then((code) => process.exit(code))
  .catch((e: Error) => {
    console.error(`npm start: ${e.message}`);
    process.exit(1);
  });
