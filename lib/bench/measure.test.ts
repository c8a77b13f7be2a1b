import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { INGEST_V8_FLAGS } from './measure';

test('the benchmark times the ingest with the V8 flags of npm run ingest', () => {
  const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts as Record<string, string>;
  const cliFlags = scripts.ingest.split(' ').filter((word) => word.startsWith('--') && word !== '--import');
  assert.deepEqual(cliFlags, INGEST_V8_FLAGS);
});
