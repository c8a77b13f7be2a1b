import type { CanonicalRecord, ExpertLoadRecord, GpuSampleRecord, NodeEventRecord, NodeState, RequestRecord } from '@/lib/ingest/records';
import { HOUR_MS, type TimeWindow } from '@/lib/time/window';

const SERVING: ReadonlySet<NodeState> = new Set(['prefill', 'decode', 'idle']);

export interface TokenSums {
  input: number;
  cached: number;
  output: number;
}

export interface RequestSums extends TokenSums {
  weight: number;
  /** Σ w·(O·I + O(O−1)/2), for the KV-cache length per output token. */
  kvWeighted: number;
  /** Σ w·speed and Σ w over requests with O ≥ 2 and finished_at > first_token_at. */
  speedWeighted: number;
  speedWeight: number;
}

/**
 * What a stream of simulated records adds up to over a window, straight from the records (no
 * database): node-time per state, counter tokens per role and hour, weighted request sums.
 * The CLI prints it after writing; the tests hold it against DeepSeek's published figures.
 */
export class RecordTally {
  /** Node-milliseconds per state, and GPU-milliseconds of serving nodes (× gpu_count). */
  readonly nodeMs: Record<NodeState, number> = { prefill: 0, decode: 0, idle: 0, other: 0, offline: 0 };
  servingGpuMs = 0;
  peakServingNodes = 0;
  readonly counters = { prefill: emptyTokens(), decode: emptyTokens(), idle: emptyTokens() };
  /** Counter tokens per hour from the window start (a sample falls in the hour containing its interval). */
  readonly hourly: TokenSums[];
  /** Serving GPU-milliseconds per hour from the window start. */
  readonly hourlyGpuMs: number[];
  /** GPU-seconds the samples cover; equals serving GPU-seconds when counters are complete. */
  sampledGpuS = 0;
  /** Samples with cached_tokens > input_tokens (must be none). */
  badSamples = 0;
  readonly requests: RequestSums = { ...emptyTokens(), weight: 0, kvWeighted: 0, speedWeighted: 0, speedWeight: 0 };
  /** Weighted request tokens by `model|source|half-hour index from the window start`. */
  readonly requestBuckets = new Map<string, RequestSums>();
  readonly counts = { request: 0, gpu_sample: 0, node_event: 0, expert_load: 0 };
  expertTokens = 0;

  private readonly nodes = new Map<string, { state: NodeState; since: number; gpus: number }>();
  private eventTs = NaN;

  constructor(readonly window: TimeWindow) {
    const hours = Math.ceil((window.end - window.start) / HOUR_MS);
    this.hourly = Array.from({ length: hours }, emptyTokens);
    this.hourlyGpuMs = new Array<number>(hours).fill(0);
  }

  add(record: CanonicalRecord): void {
    this.counts[record.type] += 1;
    if (record.type === 'node_event') this.nodeEvent(record);
    else if (record.type === 'gpu_sample') this.gpuSample(record);
    else if (record.type === 'request') this.request(record);
    else this.expertLoad(record);
  }

  /** Closes every node's last state at the window end; call once, after the last record. */
  finish(): this {
    this.notePeak();
    for (const n of this.nodes.values()) this.close(n, this.window.end);
    this.nodes.clear();
    return this;
  }

  /** The reference-day figures (docs/design.md) of what was tallied (call after finish). */
  figures() {
    const windowMs = this.window.end - this.window.start;
    const servingMs = this.nodeMs.prefill + this.nodeMs.decode + this.nodeMs.idle;
    const input = this.counters.prefill.input + this.counters.decode.input + this.counters.idle.input;
    const cached = this.counters.prefill.cached + this.counters.decode.cached + this.counters.idle.cached;
    const output = this.counters.prefill.output + this.counters.decode.output + this.counters.idle.output;
    const q = this.requests;
    return {
      avgNodes: servingMs / windowMs,
      peakNodes: this.peakServingNodes,
      gpuHours: this.servingGpuMs / HOUR_MS,
      tokens: { input, cached, output, cacheHitRatio: input ? cached / input : NaN },
      prefillPerNode: this.counters.prefill.input / (this.nodeMs.prefill / 1000),
      decodePerNode: this.counters.decode.output / (this.nodeMs.decode / 1000),
      counterCompleteness: (this.sampledGpuS * 1000) / this.servingGpuMs,
      requestCoverage: { input: q.input / input, cached: q.cached / cached, output: q.output / output },
      weightedRequests: q.weight,
      kvLengthPerOutputToken: q.kvWeighted / q.output,
      meanOutputSpeed: q.speedWeighted / q.speedWeight,
    };
  }

  private close(n: { state: NodeState; since: number; gpus: number }, at: number): void {
    const ms = at - n.since;
    this.nodeMs[n.state] += ms;
    if (!SERVING.has(n.state)) return;
    this.servingGpuMs += ms * n.gpus;
    for (let h = 0; h < this.hourlyGpuMs.length; h++) {
      const hourStart = this.window.start + h * HOUR_MS;
      const overlap = Math.min(at, hourStart + HOUR_MS) - Math.max(n.since, hourStart);
      if (overlap > 0) this.hourlyGpuMs[h] += overlap * n.gpus;
    }
  }

  private notePeak(): void {
    let serving = 0;
    for (const n of this.nodes.values()) if (SERVING.has(n.state)) serving += 1;
    this.peakServingNodes = Math.max(this.peakServingNodes, serving);
  }

  private nodeEvent(e: NodeEventRecord): void {
    if (e.ts !== this.eventTs) this.notePeak(); // events of one instant apply together
    this.eventTs = e.ts;
    const previous = this.nodes.get(e.node);
    if (previous) this.close(previous, e.ts);
    this.nodes.set(e.node, { state: e.state, since: e.ts, gpus: e.gpuCount ?? 0 });
  }

  private gpuSample(s: GpuSampleRecord): void {
    const input = s.inputTokens ?? 0;
    const cached = s.cachedTokens ?? 0;
    const output = s.outputTokens ?? 0;
    if (cached > input) this.badSamples += 1;
    addTokens(this.counters[s.role], input, cached, output);
    const hour = this.hourly[Math.floor((s.ts - s.intervalS * 1000 - this.window.start) / HOUR_MS)];
    if (hour) addTokens(hour, input, cached, output);
    this.sampledGpuS += s.intervalS;
  }

  private request(r: RequestRecord): void {
    const key = `${r.model}|${r.source}|${Math.floor((r.arrivedAt - this.window.start) / (HOUR_MS / 2))}`;
    let bucket = this.requestBuckets.get(key);
    if (!bucket) this.requestBuckets.set(key, (bucket = { ...emptyTokens(), weight: 0, kvWeighted: 0, speedWeighted: 0, speedWeight: 0 }));
    for (const sums of [this.requests, bucket]) addRequest(sums, r);
  }

  private expertLoad(e: ExpertLoadRecord): void {
    this.expertTokens += e.tokens;
  }
}

function emptyTokens(): TokenSums {
  return { input: 0, cached: 0, output: 0 };
}

function addTokens(sums: TokenSums, input: number, cached: number, output: number): void {
  sums.input += input;
  sums.cached += cached;
  sums.output += output;
}

function addRequest(sums: RequestSums, r: RequestRecord): void {
  const w = r.sampleWeight;
  const o = r.outputTokens;
  addTokens(sums, w * r.inputTokens, w * r.cachedTokens, w * o);
  sums.weight += w;
  sums.kvWeighted += w * (o * r.inputTokens + (o * (o - 1)) / 2);
  if (o >= 2 && r.firstTokenAt !== null && r.finishedAt !== null && r.finishedAt > r.firstTokenAt) {
    sums.speedWeighted += (w * (o - 1)) / ((r.finishedAt - r.firstTokenAt) / 1000);
    sums.speedWeight += w;
  }
}
