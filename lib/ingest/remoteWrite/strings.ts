/**
 * Label strings of one 1.0 request, decoded once each. A request repeats most of its strings
 * (every label name, and values such as job, model or node on every series), and turning bytes
 * into a string is a call into C++ each time; profiling put it, with quoting values for series
 * keys, at over half the decode time. This direct-mapped cache keys on a hash of the bytes and
 * confirms a hit by comparing them with the bytes it was first decoded from (same buffer).
 */
import { utf8Text } from '@/lib/ingest/remoteWrite/wire';

const SLOTS = 4096;
const MASK = SLOTS - 1;
/** Longer strings are rarely repeated and cost more to hash than they save. */
const MAX_CACHED_BYTES = 96;

export class StringCache {
  private readonly texts: string[] = new Array<string>(SLOTS).fill('');
  private readonly quoted: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  private readonly starts = new Int32Array(SLOTS).fill(-1);
  private readonly lengths = new Int32Array(SLOTS);
  /** The slot of the last `read`, or -1 when that string was not cached. */
  private slot = -1;
  private text = '';

  constructor(private readonly buf: Buffer) {}

  /** The string of bytes [start, end) of the buffer. */
  read(start: number, end: number): string {
    const buf = this.buf;
    const length = end - start;
    if (length > MAX_CACHED_BYTES) {
      this.slot = -1;
      this.text = utf8Text(buf, start, end);
      return this.text;
    }
    let hash = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const slot = (hash ^ (hash >>> 15)) & MASK;
    this.slot = slot;
    const cachedStart = this.starts[slot];
    if (cachedStart >= 0 && this.lengths[slot] === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (buf[cachedStart + i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.texts[slot];
    }
    const text = utf8Text(buf, start, end);
    this.texts[slot] = text;
    this.quoted[slot] = null;
    this.starts[slot] = start;
    this.lengths[slot] = length;
    return text;
  }

  /** JSON.stringify of the string the last `read` returned (as seriesKey quotes label values), cached with it. */
  lastQuoted(): string {
    const slot = this.slot;
    if (slot < 0) return JSON.stringify(this.text);
    return (this.quoted[slot] ??= JSON.stringify(this.texts[slot]));
  }
}
