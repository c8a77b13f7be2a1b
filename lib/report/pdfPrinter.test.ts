import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSharedBrowser, printPageToPdf, printQueue, sharedBrowser } from './pdf';

// A printable page as the report's print view is to Chromium: it says when its charts are drawn.
let server: Server;
let url = '';
before(async () => {
  server = createServer((_, response) => {
    response.setHeader('content-type', 'text/html');
    setTimeout(() => response.end('<html><body><div data-print-ready="true">FleetLedger</div></body></html>'), 200);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(async () => {
  await closeSharedBrowser();
  await new Promise((resolve) => server.close(resolve));
});

const isPdf = (pdf: Buffer) => pdf.subarray(0, 5).toString() === '%PDF-';

test('concurrent prints share one browser and never run more than two at once', async () => {
  const pdfs = await Promise.all(Array.from({ length: 5 }, (_, i) => printPageToPdf(url, `print ${i}`)));
  assert.ok(pdfs.every(isPdf));
  assert.equal(printQueue().stats().peakRunning, 2);
  const browser = await sharedBrowser();
  assert.equal(browser.contexts().length, 0, 'each print closes its context');
  assert.equal(await sharedBrowser(), browser);
});

test('a browser that died is relaunched by the next print', async () => {
  const dead = await sharedBrowser();
  await dead.close();
  assert.ok(isPdf(await printPageToPdf(url, 'after the crash')));
  const relaunched = await sharedBrowser();
  assert.notEqual(relaunched, dead);
  assert.ok(relaunched.isConnected());
});
