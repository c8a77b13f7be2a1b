import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toApiError } from '@/lib/http/envelope';
import { assertChromium, pdfFooterText } from './pdf';

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

test('every printed page says which report it is and when it was generated, on the report clock', () => {
  const at = new Date('2025-02-28T06:02:00Z');
  assert.equal(pdfFooterText({ date: '2025-02-27', timeZone: 'Asia/Shanghai', status: 'closed', version: 2 }, at),
    'FleetLedger daily report 2025-02-27 (version 2) · generated 2025-02-28 14:02 Asia/Shanghai');
  assert.equal(pdfFooterText({ date: '2025-02-27', timeZone: 'UTC', status: 'open', version: null }, at),
    'FleetLedger daily report 2025-02-27 (open, live figures) · generated 2025-02-28 06:02 UTC');
});
