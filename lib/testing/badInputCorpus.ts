/**
 * The bad-input corpus (fixtures/bad-input): its cases, their bytes (the 10 MB line is made at
 * test time rather than kept in the repository) and how a run's summary differs from the
 * expected outcome. Shared by the CLI, API and browser runs of the corpus.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '@/lib/testing/fixtures';

export interface ExpectedError {
  line: number;
  field: string | null;
  /** A fragment of the message. */
  message: string;
}

export interface CorpusCase {
  file: string;
  about: string;
  /** A fragment of the message refusing the whole file (no job, nothing stored). */
  refused?: string;
  accepted?: number;
  duplicates?: number;
  rejected?: number;
  errors?: ExpectedError[];
  /** Made at test time: good line, a line of this many bytes, good line. */
  generated?: { lineBytes: number };
}

/** What a run reported for a file: the CLI's and the API's summary, or what the Upload page shows. */
export interface RunOutcome {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; field: string | null; message: string }[];
  error?: string;
}

export const CORPUS_DIR = fixture('bad-input');

export const corpusCases = (): CorpusCase[] => (JSON.parse(readFileSync(path.join(CORPUS_DIR, 'manifest.json'), 'utf8')) as { cases: CorpusCase[] }).cases;

const requestLine = (id: string, second: number, model: string) =>
  JSON.stringify({ type: 'request', request_id: id, arrived_at: `2025-03-01T00:40:${String(second).padStart(2, '0')}Z`, input_tokens: 100, output_tokens: 20, model });

export function corpusBytes(c: CorpusCase): Buffer {
  if (!c.generated) return readFileSync(path.join(CORPUS_DIR, c.file));
  const long = requestLine('bad-input-1901', 1, 'x'.repeat(c.generated.lineBytes));
  return Buffer.from([requestLine('bad-input-1900', 0, 'deepseek-r1'), long, requestLine('bad-input-1902', 2, 'deepseek-r1')].join('\n') + '\n');
}

/** How `got` differs from the case's expected outcome (empty when it matches). */
export function outcomeMismatches(c: CorpusCase, got: RunOutcome): string[] {
  const problems: string[] = [];
  if (c.refused !== undefined) {
    if (!got.error?.includes(c.refused)) problems.push(`${c.file}: expected a refusal saying "${c.refused}", got ${got.error ?? 'none'}`);
    if (got.accepted !== 0) problems.push(`${c.file}: a refused file stored ${got.accepted} rows`);
    return problems;
  }
  if (got.error) problems.push(`${c.file}: unexpected error ${got.error}`);
  for (const key of ['accepted', 'duplicates', 'rejected'] as const) {
    const want = c[key] ?? 0;
    if (got[key] !== want) problems.push(`${c.file}: ${key} ${got[key]}, expected ${want}`);
  }
  const expected = c.errors ?? [];
  if (got.errors.length !== expected.length) problems.push(`${c.file}: ${got.errors.length} errors listed, expected ${expected.length}`);
  expected.forEach((e, i) => {
    const g = got.errors[i];
    if (!g || g.line !== e.line || g.field !== e.field || !g.message.includes(e.message)) {
      problems.push(`${c.file}: error ${i + 1} is ${JSON.stringify(g)}, expected line ${e.line}, field ${e.field}, "${e.message}"`);
    }
  });
  return problems;
}

/** The outcome a second run of the same bytes must give: nothing stored again. */
export function resentOutcome(c: CorpusCase, first: RunOutcome): CorpusCase {
  return { ...c, accepted: 0, duplicates: first.accepted + first.duplicates };
}
