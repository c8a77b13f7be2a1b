/**
 * npm run migrate: applies pending migrations (prisma/migrations) to DATABASE_URL's server, or
 * to the embedded PostgreSQL, and prints what it applied.
 * Usage: npm run migrate
 */
import { Command } from 'commander';
import { prepareDatabase } from '@/lib/db/startup';
import { describeUrl } from '@/lib/launch/app';

new Command('migrate')
  .description('apply pending database migrations and print what was applied')
  .usage('')
  .parse();

prepareDatabase()
  .then(({ url, applied }) => {
    console.log(`database: ${describeUrl(url)}`);
    if (!applied.length) console.log('migrations: up to date, nothing applied');
    for (const name of applied) console.log(`applied ${name}`);
    process.exit(0); // also stops an embedded server started here, which would keep the process alive
  })
  .catch((e: Error) => {
    console.error(`npm run migrate: ${e.message}`);
    process.exit(1);
  });
