import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { UPLOAD_TIMEOUT_PRELOAD } from '@/lib/launch/next';

test("next start's HTTP servers let an upload stream for hours, not Node's default 5 minutes", () => {
  const probe = "const http = require('node:http'); const s = http.createServer(); console.log(s.requestTimeout, s.headersTimeout)";
  const plain = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  assert.equal(plain.stdout.trim(), '300000 60000', 'the default this guards against');
  const preloaded = spawnSync(process.execPath, ['--import', UPLOAD_TIMEOUT_PRELOAD, '-e', probe], { encoding: 'utf8' });
  assert.equal(preloaded.stderr, '');
  assert.equal(preloaded.stdout.trim(), `${6 * 60 * 60 * 1000} 60000`);
});
