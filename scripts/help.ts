/**
 * npm run help: every npm script with its one line (README's script table).
 * Usage: npm run help
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { scriptHelp } from '../lib/launch/scriptHelp';

new Command('help').description('every npm script with what it does').parse();
const rows = scriptHelp(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));
const width = Math.max(...rows.map((r) => r.usage.length));
for (const r of rows) console.log(`${r.usage.padEnd(width)}  ${r.description.replaceAll('`', '')}`);
