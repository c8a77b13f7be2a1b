import type pg from 'pg';
import type { TimeWindow } from '@/lib/time/window';

/** An input that stored data in a window: the kind of source, and the ingest jobs' formats. */
export interface WindowInput {
  source: 'prometheus' | 'otlp' | 'canonical' | 'trace' | 'simulated';
  formats: string[];
}

/** The formats of the live ingest jobs whose data overlaps the window: min_ts ≤ window end and max_ts ≥ its start. */
export async function getWindowInputRows(pool: pg.Pool, window: TimeWindow): Promise<{ format: string | null; demo: boolean }[]> {
  const { rows } = await pool.query<{ format: string | null; demo: boolean }>(
    `SELECT DISTINCT format, demo FROM ingest_job
      WHERE status NOT IN ('deleted', 'failed') AND accepted > 0
        AND min_ts < to_timestamp($2::float8 / 1000) AND max_ts >= to_timestamp($1::float8 / 1000)`,
    [window.start, window.end],
  );
  return rows;
}

const SOURCE_OF: Readonly<Record<string, WindowInput['source']>> = {
  'prometheus-text': 'prometheus',
  'prometheus-api': 'prometheus',
  'prometheus-remote-write': 'prometheus',
  'otlp-json': 'otlp',
  otlp: 'otlp',
  jsonl: 'canonical',
  csv: 'canonical',
  mooncake: 'trace',
  'azure-llm-inference': 'trace',
  burstgpt: 'trace',
};

/** Where a window's data came from, by kind of source (a figure's `source` says which records it read). */
export async function getWindowInputs(pool: pg.Pool, window: TimeWindow): Promise<WindowInput[]> {
  const bySource = new Map<WindowInput['source'], Set<string>>();
  for (const r of await getWindowInputRows(pool, window)) {
    const source = r.demo ? 'simulated' : (SOURCE_OF[r.format ?? ''] ?? 'canonical');
    const formats = bySource.get(source) ?? new Set<string>();
    if (r.format) formats.add(r.format);
    bySource.set(source, formats);
  }
  return [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([source, formats]) => ({ source, formats: [...formats].sort() }));
}
