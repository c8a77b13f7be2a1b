/**
 * Shared arbitraries and properties for the parsers' property tests (*.property.test.ts beside
 * each format). Runs and seed come from FLEETLEDGER_PROPERTY_RUNS and FLEETLEDGER_PROPERTY_SEED;
 * the default run count keeps the suite fast, a failing seed replays with the seed it prints.
 *
 * A whole-file refusal (FormatError, e.g. a CSV header lacking a required column) is a parser's
 * documented answer to some inputs, which ingest reports as such; any other exception is a bug.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FormatError, type FormatParser, type LineError, type ParseOptions, type ParseOutput } from '@/lib/ingest/format';
import { parseAtCuts, parseBytes, TEST_NOW } from '@/lib/ingest/parse-testing';

const DEFAULT_RUNS = 40;

export function propertyParameters(): fc.Parameters<unknown> {
  const runs = Number(process.env.FLEETLEDGER_PROPERTY_RUNS ?? DEFAULT_RUNS);
  const seed = process.env.FLEETLEDGER_PROPERTY_SEED;
  return { numRuns: Number.isInteger(runs) && runs > 0 ? runs : DEFAULT_RUNS, ...(seed ? { seed: Number(seed) } : {}) };
}

/** A parse's outcome: its output, or the message of the whole-file refusal. */
export type Outcome = { output: ParseOutput } | { refused: string };

export function outcomeOf(format: FormatParser, bytes: Buffer, cuts: readonly number[], options: Partial<ParseOptions> = {}): Outcome {
  try {
    return { output: parseAtCuts(format, bytes, cuts, options) };
  } catch (e) {
    if (e instanceof FormatError) return { refused: e.message };
    throw e;
  }
}

/** Every error names a line in the input (from 1) and says something. */
function assertWellFormed(outcome: Outcome): void {
  if (!('output' in outcome)) return;
  for (const e of outcome.output.errors) {
    assert.ok(Number.isInteger(e.line) && e.line >= 1, `error line ${e.line}`);
    assert.ok(e.message.length > 0, 'an error says why');
  }
}

const lineOf = (unit: fc.Arbitrary<string>) => fc.string({ unit, maxLength: 80 });

/** Arbitrary input: raw bytes, arbitrary text (any code points, control characters), or lines of both. */
export const arbitraryInput = (): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
    fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)),
    fc.array(lineOf(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'e', '-', '.', '1', '0', 'a', ' ', '\r', '#', '\t', '=')), { maxLength: 12 }).map((ls) => Buffer.from(ls.join('\n'))),
  );

type Mutation = (bytes: Buffer) => Buffer;

const mutation = (size: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.nat({ max: size }).chain((at) => fc.nat({ max: 40 }).map((n): Mutation => (b) => Buffer.concat([b.subarray(0, at), b.subarray(at + n)]))),
    fc.tuple(fc.nat({ max: size }), fc.string({ unit: 'binary', maxLength: 12 })).map(([at, s]): Mutation => (b) => Buffer.concat([b.subarray(0, at), Buffer.from(s), b.subarray(at)])),
    fc.tuple(fc.nat({ max: size }), fc.integer({ min: 0, max: 255 })).map(([at, byte]): Mutation => (b) => {
      const copy = Buffer.from(b);
      if (at < copy.length) copy[at] = byte;
      return copy;
    }),
    fc.tuple(fc.nat({ max: size }), fc.constantFrom('NaN', '1e400', '-1', '"12abc"', 'null', '[]', '{}', '""', '\u00ff', '=HYPERLINK("x")', '<img src=x onerror=alert(1)>', '\n', ',')).map(
      ([at, s]): Mutation => (b) => Buffer.concat([b.subarray(0, at), Buffer.from(s), b.subarray(at)]),
    ),
    fc.nat({ max: size }).map((at): Mutation => (b) => Buffer.concat([b, b.subarray(at)])),
  );

/** A valid sample with a few mutations: cut, inserted text or bytes, a byte replaced, a tail repeated. */
export const mutatedInput = (valid: string): fc.Arbitrary<Buffer> => mutatedBytes(Buffer.from(valid));

/** The same for a binary body (protobuf, snappy). */
export const mutatedBytes = (bytes: Buffer): fc.Arbitrary<Buffer> =>
  fc.array(mutation(bytes.length), { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce<Buffer>((b, m) => m(b), bytes));

const errorKey = (e: LineError) => `${String(e.line).padStart(12, '0')} ${e.field} ${e.message}`;

/**
 * Errors sorted by line: a format that holds the file whole (Prometheus API) reports an error
 * found while reading before those found when its rows are made, and how much was read by then
 * depends on the chunking; which errors, on which lines, does not.
 */
function inLineOrder(outcome: Outcome): Outcome {
  if (!('output' in outcome)) return outcome;
  return { output: { ...outcome.output, errors: [...outcome.output.errors].sort((a, b) => errorKey(a).localeCompare(errorKey(b))) } };
}

/** Cut points inside a buffer of `size` bytes. */
const cutsIn = (size: number): fc.Arbitrary<number[]> => fc.array(fc.nat({ max: size }), { maxLength: 8 });

/**
 * Any input either parses or yields per-line errors (or a whole-file refusal) and never throws;
 * and the same input cut at arbitrary chunk boundaries gives the same outcome.
 */
export function checkParser(format: FormatParser, valid: readonly string[], options: Partial<ParseOptions> = {}): void {
  const input = fc.oneof(arbitraryInput(), ...valid.map(mutatedInput));
  fc.assert(
    fc.property(input.chain((bytes) => fc.tuple(fc.constant(bytes), cutsIn(bytes.length))), ([bytes, cuts]) => {
      const whole = outcomeOf(format, bytes, [], options);
      assertWellFormed(whole);
      assert.deepEqual(inLineOrder(outcomeOf(format, bytes, cuts, options)), inLineOrder(whole));
    }),
    propertyParameters(),
  );
}

/** The valid samples parse without error (the mutations start from good input). */
export function assertValid(format: FormatParser, valid: readonly string[], options: Partial<ParseOptions> = {}): void {
  for (const text of valid) {
    const out = parseBytes(format, Buffer.from(text), { now: TEST_NOW, ...options });
    assert.deepEqual(out.errors, [], text.slice(0, 80));
  }
}
