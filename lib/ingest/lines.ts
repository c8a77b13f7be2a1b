/**
 * Bounded line splitter: Buffer chunks in, complete UTF-8 lines out, in order, numbered from 1.
 * A line longer than maxLineBytes is reported as overlong and skipped up to its newline without
 * being buffered, so memory stays bounded whatever the input; the lines after it still come out.
 * A chunk is not kept after `push` returns (the reader may reuse its buffer): the part of a line
 * it carries over is copied.
 */
import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_LINE_BYTES, EXCERPT_CHARS } from '@/lib/ingest/format';

export interface LineSink {
  /**
   * A line without its terminator (`\n` or `\r\n`); blank lines included. `invalidUtf8` when its
   * bytes are not valid UTF-8 (the text then holds U+FFFD where they were).
   */
  line(text: string, lineNo: number, invalidUtf8: boolean): void;
  /** A line over the byte limit; `excerpt` is its first ~200 characters. */
  overlong(lineNo: number, excerpt: string): void;
}

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const BOM = '\uFEFF';
/** What invalid UTF-8 decodes to (valid input may hold it too: then the bytes are checked). */
const REPLACEMENT = '\uFFFD';
/** Enough bytes for EXCERPT_CHARS characters of any UTF-8 text. */
const EXCERPT_BYTES = EXCERPT_CHARS * 4;

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Set while skipping the rest of an overlong line: its first bytes, kept for the excerpt. */
  private skippedHead: Buffer[] | null = null;
  private skippedHeadBytes = 0;
  private lineNo = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.skippedHead !== null) {
      const nl = chunk.indexOf(NEWLINE);
      this.keepSkippedHead(chunk.subarray(0, nl < 0 ? chunk.length : nl));
      if (nl < 0) return;
      this.finishOverlong();
      pos = nl + 1;
    }
    if (this.carryBytes > 0) pos = this.continueCarry(chunk, pos);
    if (pos < 0) return;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= pos) {
      // A region no longer than the limit cannot hold an overlong line: decode it in one go,
      // unless it holds a replacement character, when each line's bytes are checked.
      const region = last - pos <= this.maxLineBytes ? chunk.toString('utf8', pos, last) : null;
      if (region !== null && !region.includes(REPLACEMENT)) this.emitRegion(region);
      else this.emitLinesChecked(chunk, pos, last);
      pos = last + 1;
    }
    if (pos < chunk.length) this.startCarry(chunk.subarray(pos));
  }

  end(): void {
    if (this.skippedHead !== null) this.finishOverlong();
    else if (this.carryBytes > 0) {
      const bytes = Buffer.concat(this.carry, this.carryBytes);
      this.clearCarry();
      this.emitBytes(bytes);
    }
  }

  /** Completes the carried partial line with the head of `chunk`; returns the next position, or -1 when the chunk is used up. */
  private continueCarry(chunk: Buffer, pos: number): number {
    const nl = chunk.indexOf(NEWLINE, pos);
    const end = nl < 0 ? chunk.length : nl;
    if (this.carryBytes + end - pos > this.maxLineBytes) {
      this.startSkipping(this.carry);
      this.keepSkippedHead(chunk.subarray(pos, end));
      this.clearCarry();
      if (nl < 0) return -1;
      this.finishOverlong();
      return nl + 1;
    }
    if (nl < 0) {
      this.carry.push(Buffer.from(chunk.subarray(pos)));
      this.carryBytes += chunk.length - pos;
      return -1;
    }
    this.carry.push(chunk.subarray(pos, nl));
    const bytes = Buffer.concat(this.carry, this.carryBytes + nl - pos);
    this.clearCarry();
    this.emitBytes(bytes);
    return nl + 1;
  }

  private startCarry(tail: Buffer): void {
    if (tail.length > this.maxLineBytes) this.startSkipping([tail]);
    else {
      this.carry.push(Buffer.from(tail));
      this.carryBytes = tail.length;
    }
  }

  private clearCarry(): void {
    this.carry = [];
    this.carryBytes = 0;
  }

  private emitRegion(region: string): void {
    const lines = region.split('\n');
    for (let i = 0; i < lines.length; i++) this.emit(lines[i]);
  }

  private emitLinesChecked(chunk: Buffer, pos: number, last: number): void {
    while (pos <= last) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl - pos > this.maxLineBytes) {
        this.lineNo++;
        this.sink.overlong(this.lineNo, excerptOfBytes(chunk.subarray(pos, nl)));
      } else this.emitBytes(chunk.subarray(pos, nl));
      pos = nl + 1;
    }
  }

  private startSkipping(head: Buffer[]): void {
    this.skippedHead = [];
    this.skippedHeadBytes = 0;
    for (const piece of head) this.keepSkippedHead(piece);
  }

  private keepSkippedHead(piece: Buffer): void {
    if (this.skippedHead === null || this.skippedHeadBytes >= EXCERPT_BYTES) return;
    const kept = Buffer.from(piece.subarray(0, EXCERPT_BYTES - this.skippedHeadBytes));
    this.skippedHead.push(kept);
    this.skippedHeadBytes += kept.length;
  }

  private finishOverlong(): void {
    this.lineNo++;
    this.sink.overlong(this.lineNo, excerptOfBytes(Buffer.concat(this.skippedHead ?? [])));
    this.skippedHead = null;
  }

  private emitBytes(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    this.emit(text, text.includes(REPLACEMENT) && !isUtf8(bytes));
  }

  private emit(text: string, invalidUtf8 = false): void {
    this.lineNo++;
    if (text.charCodeAt(text.length - 1) === CARRIAGE_RETURN) text = text.slice(0, -1);
    if (this.lineNo === 1 && text.startsWith(BOM)) text = text.slice(1);
    this.sink.line(text, this.lineNo, invalidUtf8);
  }
}

function excerptOfBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8', 0, Math.min(bytes.length, EXCERPT_BYTES));
  return text.slice(0, EXCERPT_CHARS).replace(/\r$/, '');
}
