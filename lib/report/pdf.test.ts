import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toApiError } from '@/lib/http/envelope';
import { assertChromium } from './pdf';

test('without Chromium the PDF answers 503 saying what to install', () => {
  let thrown: unknown;
  try {
    assertChromium('/nonexistent/chromium');
  } catch (e) {
    thrown = e;
  }
  const error = toApiError(thrown);
  assert.equal(error.status, 503);
  assert.match(error.message, /needs Chromium at \/nonexistent\/chromium, which is not installed: install Debian's package/);
});
