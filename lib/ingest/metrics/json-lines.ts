/**
 * Line numbers for byte offsets of a JSON stream read in chunks, so an error can point at the
 * line where a pretty-printed series starts. Offsets are asked for in increasing order, each
 * within the chunk being read; each chunk's newlines are found once (native indexOf), so a
 * minified body with no newlines costs nothing.
 */
const NEWLINE = 10;
const BOM = [0xef, 0xbb, 0xbf];

export class JsonLines {
  /** Stream offset of the current chunk's first byte, and the chunk's length. */
  private base = 0;
  private chunkLength = 0;
  /** Stream offsets of the current chunk's newlines, and how many lie before the last offset asked. */
  private newlines: number[] = [];
  private passed = 0;
  /** Newlines in the chunks before the current one. */
  private before = 0;
  /** The stream's first bytes, to tell whether it starts with a byte-order mark. */
  private readonly head: number[] = [];
  private endsWithNewline = true;

  /** Takes the next chunk; returns how many lines it completed. */
  next(chunk: Buffer): number {
    this.before += this.newlines.length;
    this.base += this.chunkLength;
    this.chunkLength = chunk.length;
    this.newlines = [];
    this.passed = 0;
    for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) this.newlines.push(this.base + i);
    for (let i = 0; this.head.length < BOM.length && i < chunk.length; i++) this.head.push(chunk[i]);
    if (chunk.length > 0) this.endsWithNewline = chunk[chunk.length - 1] === NEWLINE;
    return this.newlines.length;
  }

  /** Whether the stream so far ends in a line without a newline (a line all the same). */
  get unterminated(): boolean {
    return !this.endsWithNewline;
  }

  /** The 1-based line of a byte of the current chunk, given by its offset in it. */
  lineOfChunkByte(index: number): number {
    let line = this.before + 1;
    for (const nl of this.newlines) if (nl < this.base + index) line++;
    return line;
  }

  /** The 1-based line of a tokenizer offset (the tokenizer does not count a byte-order mark). */
  lineOf(tokenizerOffset: number): number {
    const bom = this.head.length === BOM.length && this.head.every((b, i) => b === BOM[i]) ? BOM.length : 0;
    const offset = tokenizerOffset + bom;
    while (this.passed < this.newlines.length && this.newlines[this.passed] < offset) this.passed++;
    return this.before + this.passed + 1;
  }
}
