import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIsCurrent, ensureBuild } from './build';
import { sourceFingerprint } from './fingerprint';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
/** What a successful ensureBuild leaves behind. */
const markBuilt = () => {
  write('.next/BUILD_ID', 'x');
  write('.next/fleetledger-sources.sha256', sourceFingerprint(root) + '\n');
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'fl-build-'));
  write('app/page.tsx', 'export default 1');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a build is current only with a build id and the fingerprint of the present sources', () => {
  assert.equal(buildIsCurrent(root), false);
  markBuilt();
  assert.equal(buildIsCurrent(root), true);
  write('app/page.tsx', 'export default 2');
  assert.equal(buildIsCurrent(root), false);
});

test('a build without its BUILD_ID (interrupted) is not current', () => {
  markBuilt();
  rmSync(path.join(root, '.next', 'BUILD_ID'));
  assert.equal(buildIsCurrent(root), false);
});

test('a current build starts at once, without building', async () => {
  markBuilt();
  assert.equal(await ensureBuild({ root, log: () => undefined }), false);
});

test('a stale build waits for the build another process is running, then uses it', async () => {
  write('.data/next-build.lock/pid', String(process.pid)); // a live holder
  const lines: string[] = [];
  const finishOtherBuild = setTimeout(() => {
    markBuilt();
    rmSync(path.join(root, '.data', 'next-build.lock'), { recursive: true });
  }, 300);
  try {
    assert.equal(await ensureBuild({ root, log: (l) => lines.push(l) }), false);
  } finally {
    clearTimeout(finishOtherBuild);
  }
  assert.match(lines.join('\n'), new RegExp(`waiting for another build .*pid ${process.pid}`));
});
