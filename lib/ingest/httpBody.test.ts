import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClientGone } from './bodyFaults';
import { uploadStream } from './httpBody';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

/** A POST whose body is `chunks` chunks of 1 MB, made as they are read. */
function upload(chunks: number, signal?: AbortSignal): Request {
  let made = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (made++ < chunks) controller.enqueue(new Uint8Array(MB).fill(made % 251));
      else controller.close();
    },
  });
  return new Request('http://fleetledger.test/api/v1/ingest', { method: 'POST', body, duplex: 'half', signal } as RequestInit);
}

test('the bytes read from an upload are not kept while the upload goes on', async () => {
  const { input } = uploadStream(upload(400), 'identity');
  const before = process.memoryUsage().arrayBuffers;
  let read = 0;
  for await (const chunk of input) {
    read += Buffer.byteLength(chunk);
    if (read === 300 * MB) break;
  }
  gc();
  const kept = (process.memoryUsage().arrayBuffers - before) / MB;
  assert.ok(kept < 60, `${kept.toFixed(0)} MB of the 300 MB read are still held`);
});

test('an upload whose client goes away mid-body ends with ClientGone', async () => {
  const client = new AbortController();
  const { input } = uploadStream(upload(50, client.signal), 'identity');
  let read = 0;
  await assert.rejects(async () => {
    for await (const chunk of input) {
      read += Buffer.byteLength(chunk);
      if (read === 3 * MB) client.abort();
    }
  }, (e: unknown) => e instanceof ClientGone);
  assert.ok(read < 50 * MB, 'the ingest stopped reading when the client went');
});
