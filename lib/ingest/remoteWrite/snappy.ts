/**
 * Snappy block decompression of a remote write body (the block format, not the framed stream
 * format), with the native snappy (napi-rs). The uncompressed length is read from the block's
 * preamble first, so a body that would inflate past the limit is refused before anything is
 * allocated for it.
 *
 * `copyOutputData`: by default the native side hands its output to V8 as an external buffer,
 * which on the 0.5 MB body of a 2,000-sample request (Prometheus's default batch) cost 2.1 ms of
 * CPU against 0.3 ms copied into a V8 buffer (snappyjs, pure JS: 1.2 ms); on 12 MB bodies the
 * three ranked differently from run to run on a shared machine (17-57 ms). bench-decode.ts
 * measures all three.
 */
import snappy from 'snappy';
import { MalformedRemoteWrite, RemoteWriteTooLarge } from '@/lib/ingest/remoteWrite/errors';

/** The length a snappy block says it decompresses to (its varint preamble), or null when the preamble is unreadable. */
export function snappyDecodedLength(block: Uint8Array): number | null {
  let length = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const b = block[i];
    length += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return length;
  }
  return null;
}

export function snappyDecode(body: Buffer, maxDecodedBytes: number): Buffer {
  if (body.length === 0) throw new MalformedRemoteWrite('bad snappy data: the body is empty (a remote write body is a snappy-compressed protobuf message)');
  const length = snappyDecodedLength(body);
  if (length === null) throw new MalformedRemoteWrite('bad snappy data: the block does not start with a valid length');
  if (length > maxDecodedBytes) {
    throw new RemoteWriteTooLarge(`the body decompresses to ${length} bytes, over the limit of ${maxDecodedBytes}; lower the sender's max_samples_per_send`);
  }
  try {
    return snappy.uncompressSync(body, { asBuffer: true, copyOutputData: true }) as Buffer;
  } catch (e) {
    throw new MalformedRemoteWrite(`bad snappy data: ${(e as Error).message} (is the body snappy block-compressed, not framed or gzip?)`);
  }
}
