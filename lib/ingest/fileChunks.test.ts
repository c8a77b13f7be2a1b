import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileChunks } from '@/lib/ingest/fileChunks';
import { openParsedStream } from '@/lib/ingest/read';

const line = (i: number) =>
  `{"type":"request","request_id":"r${i}","arrived_at":"2025-02-27T04:00:${String(i % 60).padStart(2, '0')}Z","input_tokens":${i},"output_tokens":1}\n`;

test('a file read into one reused buffer parses as the whole text does, plain or gzip, at any chunk size', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'file-chunks-'));
  try {
    const text = Array.from({ length: 500 }, (_, i) => line(i)).join('') + 'not json\n';
    writeFileSync(path.join(dir, 'plain.jsonl'), text);
    writeFileSync(path.join(dir, 'packed.jsonl'), gzipSync(text));
    for (const name of ['plain.jsonl', 'packed.jsonl']) {
      for (const size of [7, 100, 4096, 1 << 16]) {
        const parsed = await openParsedStream(fileChunks(path.join(dir, name), size));
        const records: unknown[] = [];
        const errors: number[] = [];
        for await (const out of parsed.outputs) {
          records.push(...out.records);
          errors.push(...out.errors.map((e) => e.line));
        }
        assert.equal(parsed.format.name, 'jsonl', `${name} in chunks of ${size}`);
        assert.deepEqual(records.map((r) => (r as { inputTokens: number }).inputTokens), Array.from({ length: 500 }, (_, i) => i), `${name} in chunks of ${size}`);
        assert.deepEqual(errors, [501], `${name} in chunks of ${size}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that cannot be opened fails when read, and destroy closes a file left half read', async () => {
  await assert.rejects(openParsedStream(fileChunks('/nonexistent/file.jsonl')), /ENOENT/);
  const dir = mkdtempSync(path.join(tmpdir(), 'file-chunks-'));
  try {
    const lines = 3000;
    writeFileSync(path.join(dir, 'a.jsonl'), Array.from({ length: lines }, (_, i) => line(i)).join(''));
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const parsed = await openParsedStream(fileChunks(path.join(dir, 'a.jsonl'), 1024));
    for await (const out of parsed.outputs) if (out.records.length) break; // stops early: the finally destroys the source
    assert.ok(parsed.bytesRead() < lines * line(0).length, `read ${parsed.bytesRead()} bytes`);
    assert.equal(openFiles(), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Regression: reads that never wait on I/O kept the event loop from the database's replies
// until a batch was full, and an ingest's transactions stalled between statements.
test('the event loop gets a turn between chunks', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'file-chunks-'));
  try {
    writeFileSync(path.join(dir, 'a.jsonl'), Array.from({ length: 200 }, (_, i) => line(i)).join(''));
    let chunks = 0;
    const seenAt: number[] = [];
    const tick = () => {
      seenAt.push(chunks);
      if (seenAt.length < 5) setImmediate(tick);
    };
    setImmediate(tick);
    for await (const chunk of fileChunks(path.join(dir, 'a.jsonl'), 256)) chunks += chunk.length > 0 ? 1 : 0;
    assert.ok(chunks > 50);
    assert.deepEqual(seenAt, [0, 1, 2, 3, 4].map((i) => seenAt[0] + i), `immediates ran after chunks ${seenAt.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
