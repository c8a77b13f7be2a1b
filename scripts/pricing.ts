/**
 * Pricing (GPU rate cards, electricity rates, price books, off-peak windows, billable sources,
 * reference model) as one JSON file, so it can live in version control. An import is validated
 * first and recorded as one audited change; a file without `electricityRates` (written before
 * they existed) keeps the stored ones.
 * Usage: npm run -s pricing -- export FILE   |   npm run -s pricing -- import FILE
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';
import { formatPricingFile, parsePricingFile } from '@/lib/settings/pricingFile';
import { loadPricing, savePricing } from '@/lib/settings/pricingStore';

async function withDb(fn: (db: Awaited<ReturnType<typeof getDb>>) => Promise<void>): Promise<void> {
  try {
    const db = await getDb();
    await applyMigrations(db.url);
    await fn(db);
    await closeGlobalDb();
    process.exit(0); // an embedded PostgreSQL started here would keep the process alive
  } catch (e) {
    console.error(`pricing: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  }
}

const program = new Command('pricing').description('export or import the pricing configuration as one JSON file');
program
  .command('export')
  .argument('<file>', 'where to write the JSON ("-" for stdout)')
  .description('write the pricing in force to FILE')
  .action((file: string) =>
    withDb(async (db) => {
      const text = formatPricingFile(await loadPricing(db));
      if (file === '-') await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
      else writeFileSync(file, text);
    }),
  );
program
  .command('import')
  .argument('<file>', 'a pricing JSON file (as export writes it)')
  .description('validate FILE and make it the pricing in force (one audited change)')
  .action((file: string) =>
    withDb(async (db) => {
      const config = parsePricingFile(readFileSync(file, 'utf8'));
      const changed = await savePricing(db, config, 'cli', 'pricing.import');
      console.log(
        changed
          ? `imported ${config.rateCards.length} rate cards, ${config.electricityRates ? `${config.electricityRates.length} electricity rates` : 'the stored electricity rates (the file predates them)'}, ${config.priceBooks.length} price books, ${config.offPeakWindows.length} off-peak windows`
          : 'unchanged: the file equals the pricing in force',
      );
    }),
  );
program.parse();
