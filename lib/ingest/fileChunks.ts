/**
 * A file's bytes as chunks read into one reused buffer. createReadStream gives each read a fresh
 * buffer (new pages for the kernel to fault in and zero) and a thread-pool round trip: reading a
 * 294 MB file that way cost 0.75 s of CPU, against 0.09 s here. Reads are synchronous: from the
 * page cache a 64 KiB read takes microseconds, and the event loop gets a turn between them.
 *
 * A chunk is valid only until the next one is asked for: its consumers (`openParsedStream`, the
 * line splitter) copy the little they keep across chunks.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ByteSource } from '@/lib/ingest/read';

export const FILE_CHUNK_BYTES = 64 * 1024;

export function fileChunks(filePath: string, chunkBytes = FILE_CHUNK_BYTES): ByteSource {
  let fd: number | null = null;
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    async *[Symbol.asyncIterator]() {
      fd = openSync(filePath, 'r');
      const buffer = Buffer.allocUnsafe(chunkBytes);
      try {
        for (let n = readSync(fd, buffer, 0, chunkBytes, null); n > 0; n = readSync(fd, buffer, 0, chunkBytes, null)) {
          yield buffer.subarray(0, n);
          // The reads never wait on I/O: without a turn of the event loop between them, the
          // database's replies would wait until the parser filled a batch, and its transactions
          // with them.
          await nextTurn();
        }
      } finally {
        close();
      }
    },
    destroy: close,
  };
}
