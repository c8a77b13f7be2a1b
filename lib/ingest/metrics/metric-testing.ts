/**
 * Test helpers for metric parsers: feed an input in pieces cut anywhere (each piece in a buffer
 * that is overwritten once pushed, as a reader reusing its buffer would), and compare outputs
 * as plain data.
 */
import { readFileSync } from 'node:fs';
import type { MetricParseOutput, MetricParser, MetricSample } from '@/lib/ingest/metrics/types';

export type MakeParser = () => MetricParser;

/** A parse's whole output, with the parser (for its accessors). */
export interface Parsed<P extends MetricParser = MetricParser> extends MetricParseOutput {
  parser: P;
}

export function parsePieces<P extends MetricParser>(make: () => P, pieces: readonly Buffer[]): Parsed<P> {
  const parser = make();
  const all: Parsed<P> = { parser, samples: [], errors: [], lines: 0 };
  const add = (out: MetricParseOutput) => {
    all.samples.push(...out.samples);
    all.errors.push(...out.errors);
    all.lines += out.lines;
  };
  for (const piece of pieces) {
    const scratch = Buffer.from(piece);
    add(parser.push(scratch));
    scratch.fill(0x58);
  }
  add(parser.end());
  return all;
}

/** `bytes` in pieces of `size` bytes (the whole in one piece by default). */
export function piecesOf(bytes: Buffer, size = bytes.length || 1): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}

export const parseText = <P extends MetricParser>(make: () => P, text: string, size?: number): Parsed<P> =>
  parsePieces(make, piecesOf(Buffer.from(text), size));

export const parseFile = <P extends MetricParser>(make: () => P, path: string, size = 64 * 1024): Parsed<P> =>
  parsePieces(make, piecesOf(readFileSync(path), size));

/** `bytes` cut at the given offsets (sorted, within the input). */
export function cutAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

/** `count` sets of `cutsPerSet` random offsets, from a fixed seed so a failure can be replayed. */
export function randomCutSets(length: number, count: number, cutsPerSet: number, seed = 1): number[][] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % (length + 1);
  };
  return Array.from({ length: count }, () => Array.from({ length: cutsPerSet }, next));
}

/** A sample as plain data: its series by key, type and family rather than by object. */
export const sampleView = (s: MetricSample) => ({ key: s.series.key, type: s.series.type, family: s.series.family, ts: s.ts, value: s.value, line: s.line });

/** An output as plain data, for deepEqual between parses. */
export const outputView = (out: MetricParseOutput) => ({ samples: out.samples.map(sampleView), errors: out.errors, lines: out.lines });

/** The distinct Series objects of an output. */
export const seriesObjects = (out: MetricParseOutput) => new Set(out.samples.map((s) => s.series));
