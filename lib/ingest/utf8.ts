/**
 * Finds the first byte of a stream that is not UTF-8, across chunk boundaries (a character may be
 * split between chunks), so the error points at the same place however the stream is cut.
 */
import { isUtf8 } from 'node:buffer';

/** The allowed range of a character's second byte, by lead byte (the WHATWG decoder's rules). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

function lengthOf(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

type Scan = { invalidAt: number } | { incompleteFrom: number };

function scan(bytes: Buffer): Scan {
  for (let i = 0; i < bytes.length; ) {
    const length = lengthOf(bytes[i]);
    if (length === 0) return { invalidAt: i };
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return { incompleteFrom: i };
      const [low, high] = k === 1 ? secondByteRange(bytes[i]) : [0x80, 0xbf];
      if (bytes[i + k] < low || bytes[i + k] > high) return { invalidAt: i };
    }
    i += length;
  }
  return { incompleteFrom: bytes.length };
}

export interface Checked {
  /** The whole characters to read: any carried over, then the chunk's up to a bad byte or a character it ends inside. */
  complete: Buffer;
  /** The offset in the chunk of the first byte that is not UTF-8 (negative: in the carried bytes), else null. */
  invalidAt: number | null;
}

export class Utf8Check {
  /** The start of a character the last chunk ended inside (at most 3 bytes). */
  private carry = Buffer.alloc(0);

  push(chunk: Buffer): Checked {
    if (this.carry.length === 0 && isUtf8(chunk)) return { complete: chunk, invalidAt: null };
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const carried = this.carry.length;
    const result = scan(bytes);
    if ('invalidAt' in result) {
      this.carry = Buffer.alloc(0);
      return { complete: bytes.subarray(0, result.invalidAt), invalidAt: result.invalidAt - carried };
    }
    this.carry = Buffer.from(bytes.subarray(result.incompleteFrom));
    return { complete: bytes.subarray(0, result.incompleteFrom), invalidAt: null };
  }

  /** Whether the stream ended inside a character. */
  endsInside(): boolean {
    return this.carry.length > 0;
  }
}
