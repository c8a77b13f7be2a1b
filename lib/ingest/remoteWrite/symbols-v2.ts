/**
 * The symbol table of 2.0 requests. A series met before is found by the numbers of its label
 * symbols, numbers that last across requests (the indices in each request's table do not). The
 * symbols are numbered by their text: hashing their bytes and comparing them instead measured
 * slower on these short strings (1.2 against 0.75 µs a sample, bench-decode.ts's 2,000-sample
 * request).
 */

/** Numbers that last across requests, one per distinct symbol. */
export class SymbolNumbers {
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  number(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }

  clear(): void {
    this.ids.clear();
  }
}

/** One request's symbols: each one's text, its lasting number, and its text as series keys quote it. */
export class RequestSymbols {
  private readonly texts: string[] = [];
  readonly ids: number[] = [];
  private readonly quoted: (string | undefined)[] = [];

  get length(): number {
    return this.texts.length;
  }

  add(text: string): void {
    this.texts.push(text);
  }

  numberAll(numbers: SymbolNumbers): void {
    for (let i = this.ids.length; i < this.texts.length; i++) this.ids.push(numbers.number(this.texts[i]));
  }

  text(ref: number): string {
    return this.texts[ref];
  }

  /** The text as JSON.stringify quotes it for series keys, computed when a new series needs it. */
  quotedText(ref: number): string {
    return (this.quoted[ref] ??= JSON.stringify(this.texts[ref]));
  }
}
