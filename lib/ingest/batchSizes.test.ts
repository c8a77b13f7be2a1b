import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSizes, FIRST_BATCH } from './batchSizes';

/** The batch sizes of an input of `lines` lines of 100 bytes, sent as soon as due (size unknown when `known` is false). */
function sizesOf(lines: number, batchSize: number, known: boolean): number[] {
  const sizes = new BatchSizes(batchSize, known ? lines * 100 : null);
  const batches: number[] = [];
  let open = 0;
  for (let line = 1; line <= lines; line++) {
    open++;
    if (sizes.due(open)) {
      batches.push(open);
      sizes.sent(line * 100, line);
      open = 0;
    }
  }
  if (open) batches.push(open);
  return batches;
}

test('batches double from the first size up to the batch size', () => {
  assert.deepEqual(sizesOf(20_000, 4_000, false), [1_000, 2_000, 4_000, 4_000, 4_000, 4_000, 1_000]);
});

test('an input of unknown size keeps full batches to its end', () => {
  assert.deepEqual(sizesOf(100_000, 30_000, false), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 9_000]);
});

test('near the end of an input of known size each batch is about half of what is left', () => {
  const batches = sizesOf(100_000, 30_000, true);
  assert.equal(batches.reduce((a, b) => a + b), 100_000);
  assert.ok(Math.max(...batches) <= 30_000);
  assert.ok(batches.at(-1)! <= FIRST_BATCH, `last batch ${batches.at(-1)}`);
  // Halving: each of the last batches is at most half of the lines left before it.
  let left = 100_000;
  for (const b of batches) {
    if (left < 60_000) assert.ok(b <= Math.max(FIRST_BATCH, Math.ceil(left / 2)), `${b} of ${left} left`);
    left -= b;
  }
});

test('a batch size under the first size is kept to', () => {
  assert.deepEqual(sizesOf(10, 3, true), [3, 3, 3, 1]);
  assert.deepEqual(sizesOf(10, 3, false), [3, 3, 3, 1]);
});

test('a replacing ingest sends full batches from the first to the end', () => {
  const sizes = BatchSizes.full(4_000);
  const batches: number[] = [];
  let open = 0;
  for (let line = 1; line <= 10_000; line++) {
    if (sizes.due(++open)) {
      batches.push(open);
      sizes.sent(line * 100, line);
      open = 0;
    }
  }
  assert.deepEqual([...batches, open], [4_000, 4_000, 2_000]);
});
