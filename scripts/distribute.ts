/**
 * npm run db:distribute: turns DATABASE_URL's database, on a Citus coordinator with its workers
 * added and every migration applied, into FleetLedger's distributed layout (lib/db/citus/layout.ts).
 * Run again, it changes nothing.
 * Usage: npm run db:distribute [-- --shard-count N]
 */
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { distribute } from '@/lib/db/citus/distribute';
import { describePlacement } from '@/lib/db/citus/layout';
import { describeUrl } from '@/lib/launch/app';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
};

const program = new Command('db:distribute')
  .description('lay out a migrated database on a Citus coordinator: telemetry sharded by node and request key, the rest reference tables')
  .usage('[--shard-count N]')
  .option('--shard-count <n>', 'shards of each distributed table (default: the server\'s citus.shard_count, 32)', positiveInt)
  .parse();

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the Citus coordinator\'s database');
  const client = new pg.Client({ connectionString: url, application_name: 'fleetledger-distribute' });
  await client.connect();
  try {
    const { citusVersion, workers, placed } = await distribute(client, { shardCount: program.opts<{ shardCount?: number }>().shardCount });
    console.log(`database: ${describeUrl(url)} (Citus ${citusVersion}, ${workers} workers)`);
    if (!placed.length) console.log('layout: already distributed, nothing changed');
    for (const { table, placement } of placed) console.log(`${table}: ${describePlacement(placement)}`);
  } finally {
    await client.end();
  }
}

main().catch((e: Error) => {
  console.error(`npm run db:distribute: ${e.message}`);
  process.exit(1);
});
