import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DEMO_DAY } from '@/lib/demo/demo';
import { VIEW_NAMES } from '@/lib/metrics/views/types';

/** The demo day's window, as the dashboard links it: a closed day, so its views may be cached. */
export const DEMO_WINDOW_QUERY = `from=2025-02-27T04:00:00Z&to=2025-02-28T04:00:00Z&tz=${encodeURIComponent(DEMO_DAY.timeZone)}&dayStart=${DEMO_DAY.dayStart}`;

const PAGE_PATHS: Record<(typeof VIEW_NAMES)[number], string> = {
  overview: '/', throughput: '/throughput', cache: '/cache', kv: '/kv', nodes: '/nodes', latency: '/latency', balance: '/balance', experts: '/experts',
};

/** What an API reader asks in turn: every metrics view over the demo day. */
export const apiPaths = (): string[] => VIEW_NAMES.map((view) => `/api/v1/metrics/${view}?${DEMO_WINDOW_QUERY}`);

/** What a page reader loads in turn: every dashboard page over the demo day. */
export const pagePaths = (): string[] => VIEW_NAMES.map((view) => `${PAGE_PATHS[view]}?${DEMO_WINDOW_QUERY}`);

/** Signs a user in through the sign-in route and returns the session cookie (name=value). */
export async function signInCookie(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/signin`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  return cookie;
}

export interface ReaderLog {
  /** Latency (ms) of every answered request, by path. */
  latencies: Map<string, number[]>;
  /** Requests not answered 200, by a short description. */
  errors: Map<string, number>;
}

export const emptyLog = (): ReaderLog => ({ latencies: new Map(), errors: new Map() });

const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export interface ReaderPace {
  /** Where in `paths` the reader starts. */
  offset: number;
  /** When it stops (a performance.now() time). */
  until: number;
  /** Its mean pause after each answer, ms: drawn from 0 to twice this. */
  thinkMs: number;
  /** Its pause before the first request, ms. */
  firstAfterMs: number;
}

/**
 * One reader: asks `paths` in turn, one request at a time, reading each body to its end and
 * pausing as a person reading the page would.
 */
export async function runReader(base: string, paths: readonly string[], headers: Record<string, string>, pace: ReaderPace, log: ReaderLog): Promise<void> {
  const { offset, until, thinkMs, firstAfterMs } = pace;
  for (let i = offset; performance.now() < until; i++) {
    const pause = i > offset ? Math.random() * 2 * thinkMs : firstAfterMs;
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    if (performance.now() >= until) return;
    const path = paths[i % paths.length];
    const started = performance.now();
    try {
      const response = await fetch(`${base}${path}`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) count(log.errors, `${response.status} ${path.split('?')[0]}`);
      else {
        const list = log.latencies.get(path) ?? [];
        list.push(performance.now() - started);
        log.latencies.set(path, list);
      }
    } catch (e) {
      count(log.errors, `${(e as Error).message} ${path.split('?')[0]}`);
    }
  }
}

export interface IngestOutcome {
  jobId: string;
  accepted: number;
  seconds: number;
}

/** Streams a JSONL file to POST /api/v1/ingest with an ingest token; its job, rows accepted and time. */
export async function ingestOverHttp(base: string, token: string, file: string): Promise<IngestOutcome> {
  const started = performance.now();
  const response = await fetch(`${base}/api/v1/ingest?file=load.jsonl`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  const text = await response.text();
  if (!response.ok) throw new Error(`the ingest answered ${response.status}: ${text.slice(0, 300)}`);
  const [summary] = (JSON.parse(text) as { files: { jobId: string; accepted: number }[] }).files;
  return { jobId: summary.jobId, accepted: summary.accepted, seconds: (performance.now() - started) / 1000 };
}
