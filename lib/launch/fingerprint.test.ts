import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sourceFingerprint } from './fingerprint';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'fl-fingerprint-'));
  write('app/page.tsx', 'export default 1');
  write('lib/metrics/a.ts', 'export const a = 1');
  write('package-lock.json', '{}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('is stable while nothing changes', () => {
  assert.equal(sourceFingerprint(root), sourceFingerprint(root));
});

test('changes when a source file changes, is added or is renamed', () => {
  const before = sourceFingerprint(root);
  write('lib/metrics/a.ts', 'export const a = 2');
  const edited = sourceFingerprint(root);
  assert.notEqual(edited, before);
  write('lib/metrics/b.ts', '');
  const added = sourceFingerprint(root);
  assert.notEqual(added, edited);
  renameSync(path.join(root, 'lib/metrics/b.ts'), path.join(root, 'lib/metrics/c.ts'));
  assert.notEqual(sourceFingerprint(root), added);
});

test('changes with the lockfile and the Next.js config', () => {
  const before = sourceFingerprint(root);
  write('package-lock.json', '{"v":2}');
  const lock = sourceFingerprint(root);
  assert.notEqual(lock, before);
  write('next.config.js', 'export default {}');
  assert.notEqual(sourceFingerprint(root), lock);
});

test('ignores tests, dot folders and files outside the build inputs', () => {
  const before = sourceFingerprint(root);
  write('lib/metrics/a.test.ts', 'test');
  write('app/.cache/x', 'x');
  write('scripts/start.ts', 'x');
  write('README.md', 'x');
  assert.equal(sourceFingerprint(root), before);
});
