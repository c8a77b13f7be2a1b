import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scriptHelp } from './scriptHelp';

test('every npm script has one line in README, and npm run help prints it', () => {
  const scripts = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);
  const help = scriptHelp(readFileSync('README.md', 'utf8'));
  assert.deepEqual([...new Set(help.map((h) => h.name))].sort(), [...scripts].sort());
  const db = help.find((h) => h.name === 'db');
  assert.equal(db?.usage, 'npm run db -- start|stop|status');
});
