import { isUtf8 } from 'node:buffer';

/** Magic numbers of what people upload by mistake, named so the message says what to do. */
const KINDS: { magic: number[]; kind: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], kind: 'a zip archive' },
  { magic: [0x42, 0x5a, 0x68], kind: 'bzip2-compressed' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: 'xz-compressed' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], kind: 'zstd-compressed' },
  { magic: [0xff, 0xfe], kind: 'UTF-16-encoded: save it as UTF-8' },
  { magic: [0xfe, 0xff], kind: 'UTF-16-encoded: save it as UTF-8' },
];

const READS =
  'FleetLedger reads UTF-8 text, plain or gzip: canonical JSONL or CSV, Prometheus scrapes or query results, OTLP JSON, Mooncake, Azure or BurstGPT traces';

const startsWith = (head: Buffer, magic: number[]) => head.length >= magic.length && magic.every((b, i) => head[i] === b);

/** Valid UTF-8, allowing the last character to be cut off by the end of the head. */
function utf8(head: Buffer, cut: boolean): boolean {
  const tails = cut ? [0, 1, 2, 3] : [0];
  return tails.some((t) => t <= head.length && isUtf8(head.subarray(0, head.length - t)));
}

/**
 * Whether the first bytes of a (decompressed) file are binary rather than text: a NUL byte, or
 * bytes that are not UTF-8 when `strict` (no format recognised the head; a recognised file with
 * a stray Latin-1 byte still loads, that line's text read with a replacement character).
 */
export function isBinary(head: Buffer, { cut, strict }: { cut: boolean; strict: boolean }): boolean {
  return head.includes(0) || (strict && !utf8(head, cut));
}

/** One line: what the file is and what FleetLedger reads instead. */
export function binaryMessage(fileName: string, head: Buffer, gzipped: boolean): string {
  const kind = KINDS.find((k) => startsWith(head, k.magic))?.kind;
  const what = gzipped ? 'a gzip file of binary data' : 'a binary file';
  const not = gzipped ? 'not text' : 'not text, not gzip';
  return `${fileName} is ${what} (${kind ? `${kind}; ` : ''}${not}): ${READS}`;
}
