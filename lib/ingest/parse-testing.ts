/** Test helpers: run a format over text or a file, in chunks of chosen sizes. */
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_LINE_BYTES, type FormatParser, type ParseOptions, type ParseOutput } from '@/lib/ingest/format';

export const TEST_NOW = Date.UTC(2025, 2, 1);

/** Parses `bytes` pushed in pieces ending at each of `cuts` (byte offsets, any order), then the rest. */
export function parseAtCuts(format: FormatParser, bytes: Buffer, cuts: readonly number[], options: Partial<ParseOptions> = {}): ParseOutput {
  const parser = format.create({ now: TEST_NOW, maxLineBytes: DEFAULT_MAX_LINE_BYTES, ...options });
  const all: ParseOutput = { records: [], errors: [], lines: 0 };
  const add = (out: ParseOutput) => {
    all.records.push(...out.records);
    all.errors.push(...out.errors);
    all.lines += out.lines;
    if (out.notices) all.notices = out.notices;
  };
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    add(parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  add(parser.push(bytes.subarray(from)));
  add(parser.end());
  return all;
}

export function parseBytes(format: FormatParser, bytes: Buffer, options: Partial<ParseOptions> = {}, chunkBytes = bytes.length || 1): ParseOutput {
  const cuts: number[] = [];
  for (let at = chunkBytes; at < bytes.length; at += chunkBytes) cuts.push(at);
  return parseAtCuts(format, bytes, cuts, options);
}

export const parseText = (format: FormatParser, text: string, options: Partial<ParseOptions> = {}, chunkBytes?: number): ParseOutput =>
  parseBytes(format, Buffer.from(text), options, chunkBytes);

export const parseFile = (format: FormatParser, path: string, options: Partial<ParseOptions> = {}, chunkBytes = 64 * 1024): ParseOutput =>
  parseBytes(format, readFileSync(path), options, chunkBytes);

/** Parses `text` cut into two chunks at every byte, expecting the same output each time. */
export function everyCut(format: FormatParser, text: string, options: Partial<ParseOptions> = {}): ParseOutput[] {
  const bytes = Buffer.from(text);
  const outputs: ParseOutput[] = [];
  for (let cut = 0; cut <= bytes.length; cut++) {
    const parser = format.create({ now: TEST_NOW, maxLineBytes: DEFAULT_MAX_LINE_BYTES, ...options });
    const parts = [parser.push(bytes.subarray(0, cut)), parser.push(bytes.subarray(cut)), parser.end()];
    outputs.push({ records: parts.flatMap((p) => p.records), errors: parts.flatMap((p) => p.errors), lines: parts.reduce((n, p) => n + p.lines, 0) });
  }
  return outputs;
}
