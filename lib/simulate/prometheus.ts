/**
 * The simulated fleet as its exporters would show it to Prometheus: a file of scrapes in time
 * order, in the text exposition format with millisecond timestamps (docs/formats.md "Prometheus
 * and OpenTelemetry"). At each scrape instant, every node serving a role exposes SGLang's
 * metrics per DP rank, and every node that is not offline dcgm-exporter's per GPU; a node lent
 * out (`other`) thus shows on dcgm-exporter alone, and an offline node not at all.
 *
 * - Counters are running sums of the samples' per-interval counts. A serving stretch starts with
 *   a scrape of the freshly started engine at its first instant, every counter at 0, so the
 *   first interval's increase is read like any other (no `_created` needed) and a node back from
 *   being lent out restarts from 0 as a restarted engine does.
 * - Prefill ranks expose the input and cached tokens of their samples, decode ranks the output
 *   tokens and requests of theirs; each also exposes the other side's counters, which the
 *   simulator leaves at 0 and FleetLedger does not count for that side anyway.
 * - `dp_rank` counts across the nodes of a serving unit (EP32 over four nodes: 0–31), as
 *   SGLang's DP attention numbers ranks; read it with a mapping giving `gpusPerNode`.
 * - The energy counter (mJ) counts from the GPU's first scrape: each interval adds the sample's
 *   power × its length. The simulator does not model the work of a lent node, so its GPUs
 *   report as idle (0 %, no memory, the simulated power at 0 %).
 * - Expert loads and dispatch counts have no metric here; requests go to the OTLP format.
 */
import { DEFAULT_MAPPING } from '@/lib/ingest/metrics/mapping';
import type { CanonicalRecord, GpuSampleRecord, NodeEventRecord, NodeState, RecordType, Role } from '@/lib/ingest/records';
import { gpuPowerW } from './samples';
import type { RecordWriter } from './write';

export interface PrometheusOptions {
  /** dcgm-exporter's `modelName` label (`NVIDIA H800`). */
  gpuModelName: string;
  /** SGLang's `model_name` label. */
  modelName: string;
  /** Seconds between scrapes: instants between the records' own get a scrape too (of the nodes still reporting). */
  scrapeIntervalS: number;
  /** DP rank of each node's GPU 0 in its serving unit; 0 for a node not listed. */
  firstRank: ReadonlyMap<string, number>;
}

const SERVING: ReadonlySet<NodeState> = new Set(['prefill', 'decode', 'idle']);
const isServing = (state: NodeState): state is Role => SERVING.has(state);
const WRITES: ReadonlySet<RecordType> = new Set(['gpu_sample', 'node_event']);
const MIB = 1024 * 1024;
const IDLE_POWER_W = gpuPowerW(0);
/** What a serving H800 holds of the reference profile's model: weights and buffers, and the MLA KV-cache pool SGLang allocates up front. */
const MODEL_BYTES = 34e9;
const KV_BYTES_PER_TOKEN = 61 * 576 * 2;

interface Family {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
}

const family = (name: string, type: Family['type'], help: string): Family => ({ name, type, help });
const PROMPT = family('sglang:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.');
const CACHED = family('sglang:cached_tokens_total', 'counter', 'Number of cached prompt tokens.');
const GENERATION = family('sglang:generation_tokens_total', 'counter', 'Number of generation tokens processed.');
const REQUESTS = family('sglang:num_requests_total', 'counter', 'Number of requests processed.');
const RUNNING = family('sglang:num_running_reqs', 'gauge', 'The number of running requests.');
const USED = family('sglang:num_used_tokens', 'gauge', 'The number of used tokens.');
const CAPACITY = family('sglang:max_total_num_tokens', 'gauge', 'Maximum total number of tokens in the KV cache pool.');
const UTIL = family('DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).');
const FB_USED = family('DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).');
const POWER = family('DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).');
const ENERGY = family('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', 'Total energy consumption since boot (in mJ).');

/** One engine's counters (one GPU in one role, since its start). */
interface EngineCounters {
  role: Role;
  prompt: number;
  cached: number;
  generation: number;
  requests: number;
}

interface GpuState {
  engine: EngineCounters | null;
  energyMj: number;
  lastHardware: number | null;
}

interface NodeStatus {
  state: NodeState;
  gpus: GpuState[];
}

/** One series' value at the scrape. */
interface Point {
  labels: string;
  value: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelSet = (pairs: readonly (readonly [string, string])[]) => `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;

function block(f: Family, points: readonly Point[], ts: number): string {
  if (!points.length) return '';
  let text = `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
  for (const p of points) text += `${f.name}${p.labels} ${p.value} ${ts}\n`;
  return text;
}

function fbUsedMiB(s: GpuSampleRecord): number {
  if (s.memUsedBytes !== null) return Math.round(s.memUsedBytes / MIB);
  return s.kvCacheCapacity === null ? 0 : Math.round((MODEL_BYTES + s.kvCacheCapacity * KV_BYTES_PER_TOKEN) / MIB);
}

export class PrometheusScrapeWriter implements RecordWriter {
  readonly writes = WRITES;
  private readonly nodes = new Map<string, NodeStatus>();
  private readonly labelCache = new Map<string, string>();
  /** The instant whose records are being gathered, and them. */
  private at: number | null = null;
  private samples = new Map<string, GpuSampleRecord[]>();
  private started = new Set<string>();

  constructor(private readonly options: PrometheusOptions) {
    const stale = DEFAULT_MAPPING.staleAfterMs / 1000;
    // Further apart, each scrape would start its series afresh: no counter would give an increase.
    if (!(options.scrapeIntervalS > 0 && options.scrapeIntervalS <= stale)) {
      throw new RangeError(`scrapes must be more than 0 and at most ${stale} s apart (Prometheus's staleness), got ${options.scrapeIntervalS} s`);
    }
  }

  write(record: CanonicalRecord): string {
    if (record.type !== 'gpu_sample' && record.type !== 'node_event') return '';
    let text = '';
    if (this.at === null) this.at = record.ts;
    else if (record.ts < this.at) {
      throw new RangeError(`records out of time order: ${record.type} at ${new Date(record.ts).toISOString()} after ${new Date(this.at).toISOString()}`);
    } else if (record.ts > this.at) {
      text += this.scrape(this.at);
      const step = this.options.scrapeIntervalS * 1000;
      for (let t = this.at + step; t < record.ts; t += step) text += this.scrape(t);
      this.at = record.ts;
    }
    if (record.type === 'node_event') this.enter(record);
    else {
      const list = this.samples.get(record.node) ?? [];
      list.push(record);
      this.samples.set(record.node, list);
      this.node(record.node, record.gpu + 1);
    }
    return text;
  }

  end(): string {
    return this.at === null ? '' : this.scrape(this.at);
  }

  private node(name: string, gpus: number): NodeStatus {
    let n = this.nodes.get(name);
    if (!n) this.nodes.set(name, (n = { state: 'offline', gpus: [] }));
    while (n.gpus.length < gpus) n.gpus.push({ engine: null, energyMj: 0, lastHardware: null });
    return n;
  }

  private enter(e: NodeEventRecord): void {
    const n = this.node(e.node, e.gpuCount ?? 0);
    if (isServing(e.state) && e.state !== n.state) this.started.add(e.node);
    n.state = e.state;
  }

  /** Every node's series at `ts`, from the records gathered for it. */
  private scrape(ts: number): string {
    let text = '';
    for (const [name, n] of this.nodes) {
      const samples = (this.samples.get(name) ?? []).sort((a, b) => a.gpu - b.gpu);
      text += this.engineScrape(name, n, samples, ts);
      if (samples.length || n.state !== 'offline') text += this.hardwareScrape(name, n, samples, ts);
    }
    this.samples = new Map();
    this.started = new Set();
    return text;
  }

  private engineLabels(node: string, role: Role, gpu: number): string {
    const key = `${node}\u0000${role}\u0000${gpu}`;
    let labels = this.labelCache.get(key);
    if (labels === undefined) {
      const rank = (this.options.firstRank.get(node) ?? 0) + gpu;
      labels = labelSet([['node', node], ['engine_type', role], ['dp_rank', String(rank)], ['model_name', this.options.modelName]]);
      this.labelCache.set(key, labels);
    }
    return labels;
  }

  private hardwareLabels(node: string, gpu: number): string {
    const key = `${node}\u0000dcgm\u0000${gpu}`;
    let labels = this.labelCache.get(key);
    if (labels === undefined) {
      labels = labelSet([['gpu', String(gpu)], ['UUID', gpuUuid(node, gpu)], ['device', `nvidia${gpu}`], ['modelName', this.options.gpuModelName], ['Hostname', node]]);
      this.labelCache.set(key, labels);
    }
    return labels;
  }

  private engineScrape(name: string, n: NodeStatus, samples: readonly GpuSampleRecord[], ts: number): string {
    const counters: Point[][] = [[], [], [], []];
    const gauges: Point[][] = [[], [], []];
    const push = (labels: string, c: EngineCounters) => {
      counters[0].push({ labels, value: c.prompt });
      counters[1].push({ labels, value: c.cached });
      counters[2].push({ labels, value: c.generation });
      counters[3].push({ labels, value: c.requests });
    };
    for (const s of samples) {
      const gpu = n.gpus[s.gpu];
      if (gpu.engine === null || gpu.engine.role !== s.role) gpu.engine = freshEngine(s.role);
      const c = gpu.engine;
      c.prompt += s.inputTokens ?? 0;
      c.cached += s.cachedTokens ?? 0;
      c.generation += s.outputTokens ?? 0;
      c.requests += s.requests ?? 0;
      const labels = this.engineLabels(name, s.role, s.gpu);
      push(labels, c);
      if (s.runningRequests !== null) gauges[0].push({ labels, value: s.runningRequests });
      if (s.kvCacheTokens !== null) gauges[1].push({ labels, value: s.kvCacheTokens });
      if (s.kvCacheCapacity !== null) gauges[2].push({ labels, value: s.kvCacheCapacity });
    }
    const role = n.state;
    if (this.started.has(name) && isServing(role)) {
      n.gpus.forEach((gpu, g) => {
        gpu.engine = freshEngine(role);
        push(this.engineLabels(name, role, g), gpu.engine);
      });
    }
    return [PROMPT, CACHED, GENERATION, REQUESTS].map((f, i) => block(f, counters[i], ts)).join('')
      + [RUNNING, USED, CAPACITY].map((f, i) => block(f, gauges[i], ts)).join('');
  }

  private hardwareScrape(name: string, n: NodeStatus, samples: readonly GpuSampleRecord[], ts: number): string {
    const points: Point[][] = [[], [], [], []];
    const bySlot = new Map(samples.map((s) => [s.gpu, s]));
    n.gpus.forEach((gpu, g) => {
      const s = bySlot.get(g);
      const labels = this.hardwareLabels(name, g);
      if (s) {
        if (s.powerW !== null) gpu.energyMj += Math.round(s.powerW * s.intervalS * 1000);
        if (s.utilPct !== null) points[0].push({ labels, value: s.utilPct });
        points[1].push({ labels, value: fbUsedMiB(s) });
        if (s.powerW !== null) points[2].push({ labels, value: s.powerW });
      } else {
        if (gpu.lastHardware !== null) gpu.energyMj += Math.round(IDLE_POWER_W * (ts - gpu.lastHardware));
        points[0].push({ labels, value: 0 });
        points[1].push({ labels, value: 0 });
        points[2].push({ labels, value: IDLE_POWER_W });
      }
      points[3].push({ labels, value: gpu.energyMj });
      gpu.lastHardware = ts;
    });
    return [UTIL, FB_USED, POWER, ENERGY].map((f, i) => block(f, points[i], ts)).join('');
  }
}

const freshEngine = (role: Role): EngineCounters => ({ role, prompt: 0, cached: 0, generation: 0, requests: 0 });

/** A stable, UUID-shaped GPU id per node and index (dcgm-exporter's `UUID` label). */
function gpuUuid(node: string, gpu: number): string {
  let h = 0x811c9dc5;
  for (const ch of `${node}/${gpu}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `GPU-${hex}-0000-4000-8000-${String(gpu).padStart(12, '0')}`;
}
