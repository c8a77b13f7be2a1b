import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrintQueue, PrintQueueFull } from './printQueue';

const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { opened, open };
};

test('concurrent prints never exceed the cap, and every admitted print runs', async () => {
  const queue = new PrintQueue({ running: 2, waiting: 8, retryAfterSeconds: 5 });
  const release = gate();
  let runningNow = 0;
  let peak = 0;
  const prints = Array.from({ length: 10 }, (_, i) => queue.run(async () => {
    runningNow += 1;
    peak = Math.max(peak, runningNow);
    await release.opened;
    await new Promise((resolve) => setTimeout(resolve, 1));
    runningNow -= 1;
    return i;
  }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual({ running: queue.stats().running, waiting: queue.stats().waiting }, { running: 2, waiting: 8 });
  release.open();
  assert.deepEqual(await Promise.all(prints), Array.from({ length: 10 }, (_, i) => i));
  assert.equal(peak, 2);
  assert.equal(queue.stats().peakRunning, 2);
  assert.deepEqual({ running: queue.stats().running, waiting: queue.stats().waiting }, { running: 0, waiting: 0 });
});

test('a print beyond the line is turned away at once, saying when to retry', async () => {
  const queue = new PrintQueue({ running: 2, waiting: 8, retryAfterSeconds: 7 });
  const release = gate();
  const admitted = Array.from({ length: 10 }, () => queue.run(() => release.opened));
  await assert.rejects(queue.run(() => Promise.resolve()), (e: unknown) => {
    assert.ok(e instanceof PrintQueueFull);
    assert.equal(e.retryAfterSeconds, 7);
    assert.match(e.message, /2 PDFs are being printed and 8 are waiting/);
    return true;
  });
  assert.equal(queue.stats().turnedAway, 1);
  release.open();
  await Promise.all(admitted);
});

test('a failing print frees its slot for the next in line', async () => {
  const queue = new PrintQueue({ running: 1, waiting: 1, retryAfterSeconds: 1 });
  const first = queue.run(() => Promise.reject(new Error('Chromium crashed')));
  const second = queue.run(() => Promise.resolve('printed'));
  await assert.rejects(first, /Chromium crashed/);
  assert.equal(await second, 'printed');
  assert.equal(queue.stats().running, 0);
});
