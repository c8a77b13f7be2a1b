import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './auth';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { createApiToken } from '@/lib/auth/tokens';
import { closeDb, createDb } from '@/lib/db/client';
import type { JobView } from '@/lib/db/ingest/listJobs';
import { freePort } from '@/lib/launch/next';
import type { View } from '@/lib/metrics/views/types';
import { e2eDatabaseUrl } from './database';

// A real Prometheus scrapes an SGLang + dcgm-exporter page served here every second and
// remote-writes to the app under test; the dashboard must then show what it sent, to the token.

const PROMETHEUS = '/usr/bin/prometheus';
const PREFILL = 'gpu-node-017';
const DECODE = 'gpu-node-042';
const MODEL = 'deepseek-ai/DeepSeek-V3';
const DP_RANKS = [0, 1];
/** How long the app may take to store both nodes' data (Prometheus's first remote write alone takes 5–6 s). */
const ARRIVAL_TIMEOUT_MS = 60_000;
/** Stored intervals wanted before comparing, so the sum spans several scrapes, not one. */
const MIN_STORED_MS = 3_000;
/** Prometheus stamps a sample when its scrape starts, a moment before the page is served. */
const MATCH_TOLERANCE_MS = 400;

type Role = 'prefill' | 'decode';
type CounterName = 'sglang:prompt_tokens_total' | 'sglang:cached_tokens_total' | 'sglang:generation_tokens_total' | 'sglang:num_requests_total';

interface Rank {
  node: string;
  role: Role;
  dpRank: number;
}

const RANKS: Rank[] = [PREFILL, DECODE].flatMap((node, n) => DP_RANKS.map((dpRank) => ({ node, role: (n === 0 ? 'prefill' : 'decode') as Role, dpRank })));

/** Tokens (or requests) per second of each counter: both sides count the prompt and the requests, as SGLang's PD servers do. */
const RATES: Record<Role, Record<CounterName, number>> = {
  prefill: { 'sglang:prompt_tokens_total': 73_000, 'sglang:cached_tokens_total': 41_000, 'sglang:generation_tokens_total': 40, 'sglang:num_requests_total': 40 },
  decode: { 'sglang:prompt_tokens_total': 73_000, 'sglang:cached_tokens_total': 0, 'sglang:generation_tokens_total': 14_800, 'sglang:num_requests_total': 40 },
};
const COUNTERS = Object.keys(RATES.prefill) as CounterName[];
/** The engines have been up for a while: counters start far from zero, so a first scrape counted as an increase would show. */
const COUNTER_BASE = 9_000_000_000;

/** What the exporter served to one scrape. */
interface Scrape {
  at: number;
  counters: Map<string, number>;
}

const counterKey = (name: CounterName, rank: Rank) => `${name}|${rank.node}|${rank.dpRank}`;
const labelText = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
const wattsOf = (rank: Rank) => (rank.role === 'prefill' ? 610 : 480) + 7 * rank.dpRank;

/** One /metrics page as SGLang and dcgm-exporter write it (no timestamps): counters grow with wall time. */
function renderPage(elapsedMs: number): { text: string; counters: Map<string, number> } {
  const counters = new Map<string, number>();
  const lines: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labelText(labels)} ${value}`));
  };
  const engineLabels = (r: Rank) => ({ model_name: MODEL, engine_type: r.role, tp_rank: '0', dp_rank: String(r.dpRank), node: r.node });
  for (const name of COUNTERS) {
    family(name, 'counter', `SGLang ${name}`, RANKS.map((r) => {
      const value = COUNTER_BASE + 1_000_000 * r.dpRank + Math.floor((elapsedMs * RATES[r.role][name]) / 1000);
      counters.set(counterKey(name, r), value);
      return [name === 'sglang:cached_tokens_total' ? { ...engineLabels(r), cache_source: 'device' } : engineLabels(r), value];
    }));
  }
  family('sglang:num_running_reqs', 'gauge', 'The number of running requests.', RANKS.map((r) => [engineLabels(r), r.role === 'prefill' ? 3 : 64 + r.dpRank]));
  family('sglang:num_used_tokens', 'gauge', 'The number of used tokens.', RANKS.map((r) => [engineLabels(r), r.role === 'prefill' ? 21_000 : 402_000 + 1_000 * r.dpRank]));
  family('sglang:max_total_num_tokens', 'gauge', 'Maximum total number of tokens in the KV cache pool.', RANKS.map((r) => [engineLabels(r), 593_000]));
  const dcgmLabels = (r: Rank) => ({
    gpu: String(r.dpRank), UUID: `GPU-${r.node}-${r.dpRank}`, device: `nvidia${r.dpRank}`, modelName: 'NVIDIA H800', Hostname: r.node, DCGM_FI_DRIVER_VERSION: '535.161.08',
  });
  family('DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).', RANKS.map((r) => [dcgmLabels(r), wattsOf(r)]));
  family('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', 'Total energy consumption since boot (in mJ).', RANKS.map((r) => [dcgmLabels(r), 4_000_000_000 + Math.floor(elapsedMs * wattsOf(r))]));
  return { text: `${lines.join('\n')}\n`, counters };
}

class Exporter {
  readonly scrapes: Scrape[] = [];
  private readonly started = Date.now();
  private readonly server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const at = Date.now();
    const page = renderPage(at - this.started);
    this.scrapes.push({ at, counters: page.counters });
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(page.text);
  });

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }

  /** The scrape Prometheus stamped at `ts` (it is served a moment after the stamp). */
  scrapeAt(ts: number): { index: number; scrape: Scrape } {
    let best = -1;
    for (let i = 0; i < this.scrapes.length; i++) if (best < 0 || Math.abs(this.scrapes[i].at - ts) < Math.abs(this.scrapes[best].at - ts)) best = i;
    const scrape = this.scrapes[best];
    if (!scrape || Math.abs(scrape.at - ts) > MATCH_TOLERANCE_MS) {
      throw new Error(`no scrape served near ${new Date(ts).toISOString()}; served at ${this.scrapes.map((s) => new Date(s.at).toISOString()).join(', ')}`);
    }
    return { index: best, scrape };
  }

  /** A counter's increase between two scrapes, summed over the ranks of one role. */
  increase(name: CounterName, role: Role, from: Scrape, to: Scrape): number {
    return RANKS.filter((r) => r.role === role).reduce((sum, r) => sum + to.counters.get(counterKey(name, r))! - from.counters.get(counterKey(name, r))!, 0);
  }
}

class PrometheusProcess {
  private log = '';
  private exited: string | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly webPort: number,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-64_000);
    });
    child.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? `code ${code}`}`;
    });
  }

  /** Started, not yet ready: the caller keeps it (to stop it) before waiting. */
  static async start(dir: string, config: object): Promise<PrometheusProcess> {
    const configFile = path.join(dir, 'prometheus.yml');
    // Prometheus reads YAML, of which JSON is a subset: no YAML writer needed.
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const webPort = await freePort();
    const child = spawn(PROMETHEUS, [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${webPort}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new PrometheusProcess(child, webPort);
  }

  /** Its log, and whether it has exited (for failure messages). */
  describe(): string {
    return `Prometheus ${this.exited ?? 'running'}; its log ends:\n${this.log.split('\n').slice(-15).join('\n')}`;
  }

  get fullLog(): string {
    return this.log;
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(this.describe());
      const ready = await fetch(`http://127.0.0.1:${this.webPort}/-/ready`).then((r) => r.ok, () => false);
      if (ready) return;
      await sleep(200);
    }
    throw new Error(`Prometheus was not ready after ${timeoutMs} ms. ${this.describe()}`);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    // On SIGTERM it first flushes its remote-write queue (up to a minute when the receiver is gone).
    const killed = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killed);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let exporter: Exporter | null = null;
let prometheus: PrometheusProcess | null = null;
let tempDir: string | null = null;
let readToken = '';

test.beforeAll(async () => {
  test.setTimeout(30_000);
  if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: install Debian's Prometheus with \`apt-get install -y prometheus\``);
  const db = createDb(e2eDatabaseUrl(), 1);
  let ingestToken: string;
  try {
    ingestToken = (await createApiToken(db, 'e2e-prometheus', ['ingest'])).token;
    readToken = (await createApiToken(db, 'e2e-prometheus-read', ['read'])).token;
  } finally {
    await closeDb(db);
  }
  exporter = new Exporter();
  const exporterPort = await exporter.listen();
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'fleetledger-prometheus-'));
  prometheus = await PrometheusProcess.start(tempDir, {
    global: { scrape_interval: '1s', scrape_timeout: '1s' },
    scrape_configs: [{ job_name: 'sglang', honor_labels: true, static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] }],
    remote_write: [{
      url: new URL('/api/v1/write', test.info().project.use.baseURL).href,
      authorization: { credentials: ingestToken },
      // One shard sends a scrape's samples in order, so no part of one reaches the app after the next scrape's.
      queue_config: { batch_send_deadline: '1s', min_shards: 1, max_shards: 1, min_backoff: '100ms', max_backoff: '1s' },
    }],
  });
  await prometheus.waitReady(15_000);
});

test.afterAll(async () => {
  test.setTimeout(30_000);
  await prometheus?.stop();
  await exporter?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

/** What the app shows at one moment, read through its HTTP API as the pages read it. */
interface Seen {
  job: JobView | null;
  nodes: View;
  throughput: View;
  /** The job's newest row after the throughput was read: the same as `job.lastTs` when no round was stored in between. */
  lastTsAfter: string | null;
}

const NODE_QUERY = `range=1h&tz=UTC&node=${PREFILL}&node=${DECODE}`;

async function getJson<T>(request: APIRequestContext, url: string, token?: string): Promise<T> {
  const response = await request.get(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/** The live job's first and last row times are exact (the Nodes page's freshness keeps only the end of the minute). */
async function remoteWriteJob(request: APIRequestContext): Promise<JobView | null> {
  const { jobs } = await getJson<{ jobs: JobView[] }>(request, '/api/ingest/jobs?limit=500');
  return jobs.find((j) => j.channel === 'remote-write') ?? null;
}

async function look(request: APIRequestContext): Promise<Seen> {
  const job = await remoteWriteJob(request);
  const nodes = await getJson<View>(request, `/api/v1/metrics/nodes?${NODE_QUERY}`, readToken);
  const throughput = await getJson<View>(request, `/api/v1/metrics/throughput?${NODE_QUERY}`, readToken);
  return { job, nodes, throughput, lastTsAfter: (await remoteWriteJob(request))?.lastTs ?? null };
}

/** When the node-count chart first shows a node in `role`: the start of its first node event. */
function servingSince(nodes: View, role: Role): number | null {
  const points = nodes.charts.find((c) => c.id === 'node-count')?.series.find((s) => s.key === role)?.points ?? [];
  const first = points.find((p) => (p.y ?? 0) > 0);
  return first ? Number(first.x) : null;
}

function stateAtEnd(nodes: View, node: string): string | null {
  const row = nodes.tables.find((t) => t.id === 'freshness')?.rows.find((r) => r.node === node);
  return row ? String(row.state) : null;
}

const figureValue = (view: View, name: string) => view.figures[name]?.value ?? null;

/** Everything the comparison needs is stored, and no round landed while it was being read. */
function complete(seen: Seen): boolean {
  const { job, nodes } = seen;
  const since = servingSince(nodes, 'prefill');
  return (
    job?.lastTs != null &&
    job.lastTs === seen.lastTsAfter &&
    nodes.figures['nodes.avg']?.source === 'node_events' &&
    stateAtEnd(nodes, PREFILL) === 'prefill' &&
    stateAtEnd(nodes, DECODE) === 'decode' &&
    since !== null &&
    servingSince(nodes, 'decode') !== null &&
    Date.parse(job.lastTs) - since >= MIN_STORED_MS
  );
}

function summary(seen: Seen | null): string {
  if (!seen) return 'nothing read yet';
  const { job, nodes, throughput } = seen;
  return JSON.stringify({
    job: job && { fileName: job.fileName, status: job.status, accepted: job.accepted, firstTs: job.firstTs, lastTs: job.lastTs, lastTsAfter: seen.lastTsAfter, notices: job.notices },
    nodesSource: nodes.figures['nodes.avg'],
    states: { [PREFILL]: stateAtEnd(nodes, PREFILL), [DECODE]: stateAtEnd(nodes, DECODE) },
    servingSince: { prefill: servingSince(nodes, 'prefill'), decode: servingSince(nodes, 'decode') },
    tokens: { input: throughput.figures['tokens.input'], output: throughput.figures['tokens.output'] },
    energyKwh: nodes.figures['energy.kwh'],
    nodeRates: throughput.tables.find((t) => t.id === 'node-rates')?.rows,
  }, null, 2);
}

async function waitForData(request: APIRequestContext): Promise<Seen> {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  let seen: Seen | null = null;
  while (Date.now() < deadline) {
    seen = await look(request);
    if (complete(seen)) return seen;
    await sleep(500);
  }
  throw new Error(
    `after ${ARRIVAL_TIMEOUT_MS / 1000} s the app had not stored both nodes' samples and node events; last seen:\n${summary(seen)}\n` +
      `exporter served ${exporter?.scrapes.length ?? 0} scrapes\n${prometheus?.describe() ?? 'Prometheus not started'}`,
  );
}

/** Saved in the test's output folder (kept whether it passes or fails) and attached to the report. */
async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

const numberAttribute = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value', { timeout: 10_000 }));

test('Prometheus remote-writes an SGLang PD fleet: the dashboard shows it, input tokens to the token', async ({ page, request }, testInfo) => {
  test.setTimeout(ARRIVAL_TIMEOUT_MS + 45_000);
  try {
    const seen = await waitForData(request);
    const job = seen.job!;
    const since = servingSince(seen.nodes, 'prefill')!;
    // Prometheus may skip the scrapes it takes while replaying its WAL at start: the first scrape
    // the app read is the one its node events start at, whichever that was.
    const first = exporter!.scrapeAt(since);
    const last = exporter!.scrapeAt(Date.parse(job.lastTs!));
    const intervals = last.index - first.index;
    expect(intervals, summary(seen)).toBeGreaterThanOrEqual(MIN_STORED_MS / 1000);
    expect(servingSince(seen.nodes, 'decode')).toBe(since);
    expect(job.firstTs).toBe(new Date(since).toISOString());
    expect(job.fileName).toMatch(/^remote-write \d{4}-\d{2}-\d{2}$/);
    // One row per GPU and scrape after the first (dcgm-exporter's series fold into them), and one node event per node.
    expect(job.accepted, summary(seen)).toBe(RANKS.length * intervals + 2);
    expect(figureValue(seen.nodes, 'energy.kwh') ?? 0, summary(seen)).toBeGreaterThan(0);

    // The first scrape only starts the counters. The decode side counts the prompt too (received
    // by KV transfer): only the prefill side's may count. Soft, so the pages below are still checked.
    const input = exporter!.increase('sglang:prompt_tokens_total', 'prefill', first.scrape, last.scrape);
    const output = exporter!.increase('sglang:generation_tokens_total', 'decode', first.scrape, last.scrape);
    expect.soft(figureValue(seen.throughput, 'tokens.input'), `input tokens stored, scrapes ${first.index}–${last.index}\n${summary(seen)}`).toBe(input);
    expect.soft(figureValue(seen.throughput, 'tokens.output'), `output tokens stored, scrapes ${first.index}–${last.index}`).toBe(output);

    await page.goto('/nodes');
    await page.getByRole('button', { name: 'Last 1h' }).click();
    await expect(page).toHaveURL(/range=1h/, { timeout: 15_000 });
    const freshness = page.getByTestId('table-freshness');
    await expect(freshness.getByRole('row', { name: new RegExp(PREFILL) })).toContainText('prefill', { timeout: 15_000 });
    await expect(freshness.getByRole('row', { name: new RegExp(DECODE) })).toContainText('decode');
    await attachScreenshot(page, testInfo, 'nodes-page');

    // Narrowed to these nodes: other specs' nodes stay in service (their last node events open) in every window.
    await page.goto(`/throughput?${NODE_QUERY}`);
    await expect(page.getByTestId('view-throughput')).toBeVisible({ timeout: 15_000 });
    await attachScreenshot(page, testInfo, 'throughput-page');
    await expect(page.getByTestId('view-inputs')).toContainText('prometheus (prometheus-remote-write)');
    // Prometheus keeps writing: the page shows at least what was stored before.
    expect.soft(await numberAttribute(page, 'figure-tokens.input'), 'input tokens on the Throughput page').toBeGreaterThanOrEqual(input);
    expect.soft(await numberAttribute(page, 'figure-tokens.output'), 'output tokens on the Throughput page').toBeGreaterThanOrEqual(output);
    expect.soft(await numberAttribute(page, 'figure-throughput.prefillPerNode'), 'prefill tokens/s per node').toBeGreaterThan(0);
    expect.soft(await numberAttribute(page, 'figure-throughput.decodePerNode'), 'decode tokens/s per node').toBeGreaterThan(0);

    await page.goto('/upload');
    await expect(page.getByTestId('job-row').filter({ hasText: job.fileName })).toContainText('prometheus-remote-write', { timeout: 15_000 });
    await attachScreenshot(page, testInfo, 'upload-page');
  } finally {
    if (prometheus) {
      const file = testInfo.outputPath('prometheus.log');
      writeFileSync(file, prometheus.fullLog);
      await testInfo.attach('prometheus.log', { path: file, contentType: 'text/plain' });
    }
  }
});
