/**
 * Metric samples in, canonical records out: counters become per-interval increases, the series
 * of one GPU at one timestamp become one `gpu_sample`, and a node's serving role over time
 * becomes its `node_event`s. The rules (docs/formats.md "Prometheus and OpenTelemetry"):
 *
 * - A counter's increase is its value minus its previous value; a value below the previous one
 *   is a restart, the increase is then the value itself (as Prometheus's `increase()` reads it).
 *   The first sample of a series, or the first after a gap longer than the staleness, gives no
 *   interval unless the counter's `_created` time says when it started from zero.
 * - A sample at or before the last row already emitted for its GPU is late: it is skipped and
 *   its series keeps its previous value, so its increase lands in the series' next row.
 * - Hardware (dcgm-exporter) samples fold into the next engine row of the same GPU; a GPU with
 *   no engine series has rows of its own, with its node's role.
 * - Rows are held until the newest data is `horizonMs` past them (or `flush({ final })`), so
 *   every series of a scrape, in whatever order it arrives, lands in one row.
 */
import type { CanonicalRecord, Role } from '@/lib/ingest/records';
import { MAX_INTERVAL_S } from '@/lib/ingest/validate';
import { lookupMetric, type MetricMeaning } from './catalog';
import { gpuTypeOfModelName, placeSeries, roleOf, type MetricMapping, type ServingKind } from './mapping';
import { NodeTimeline } from './nodeTimeline';
import { MetricNotices, type MetricNotice } from './notices';
import { add, maxOf, RowParts, RowPool, toGpuSample, type CacheGeometry } from './rows';
import type { MetricSample, Series } from './types';

export interface DeriveOptions {
  mapping: MetricMapping;
  /** The time of samples without a timestamp (a plain scrape), epoch ms. */
  scrapeTime: number | null;
  /** How far behind the newest sample a row is held for late series (Infinity: until the final flush). */
  horizonMs: number;
  /** A node's role from stored node events, for series whose labels give none. */
  nodeRole?: (node: string, ts: number) => Role | null;
}

/**
 * DCGM writes int64 sentinels from 0x7ffffffffffffff0 for "not supported" or "blank"; read as
 * doubles they are 2^63. No real GPU reading comes near 2^62.
 */
const DCGM_BLANK = 2 ** 62;

/** One series of one meaning on one GPU: where it reads from and where its value goes. */
interface SeriesPlan {
  meaning: MetricMeaning;
  created: boolean;
  counter: CounterState;
  gpu: GpuStream;
  serves: ServingKind | null;
  /** vLLM's prompt source (`local_compute`, `local_cache_hit`, `external_kv_transfer`). */
  source: string | null;
}

/** A counter (one meaning, one label set: aliases share it) and its previous sample. */
interface CounterState {
  lastTs: number | null;
  lastValue: number;
  createdMs: number | null;
  /** The best alias rank seen: lower-ranked names are skipped from then on. */
  rank: number;
  /** A gauge's last value and the row (and time: rows are reused) it went to, so that a better-ranked alias at the same time replaces it. */
  gaugeRow: RowParts | null;
  gaugeTs: number;
  gaugeValue: number;
}

/** One GPU's rows in time order and the engine's KV-cache geometry. */
class GpuStream {
  readonly rows = new Map<number, RowParts>();
  readonly hardware = new Map<number, RowParts>();
  lastEmitted: number | null = null;
  hasEngine = false;
  readonly geometry: CacheGeometry = { blockSize: null, capacityTokens: null };
  constructor(
    readonly node: string,
    readonly gpu: number,
  ) {}
}

export class MetricDeriver {
  readonly notices = new MetricNotices();
  /** Per series: where its samples go, or the notice that counts them (a metric not read, a series not placed). */
  private readonly plans = new Map<Series, SeriesPlan | MetricNotice | null>();
  private readonly counters = new Map<string, CounterState>();
  private readonly gpus = new Map<string, GpuStream>();
  private readonly timeline: NodeTimeline;
  private newest = -Infinity;
  /** The earliest timestamp of a row held back: a flush before the cutoff passes it has nothing to do. */
  private oldestHeld = Infinity;
  private readonly pool = new RowPool();

  constructor(private readonly options: DeriveOptions) {
    this.timeline = new NodeTimeline(options.mapping.staleAfterMs, options.mapping.gpuType);
  }

  /** Takes one sample; returns a message when its time is unknown (no timestamp and no scrape time). */
  add(sample: MetricSample): string | null {
    const ts = sample.ts ?? this.options.scrapeTime;
    if (ts === null) return 'the sample has no timestamp: give the scrape time (--scrape-time ISO, or scrape_time= on the API)';
    const plan = this.planFor(sample.series);
    if (plan === null) return null;
    if (!('meaning' in plan)) {
      plan.samples += 1;
      return null;
    }
    if (Number.isNaN(sample.value)) return null;
    if (ts > this.newest) this.newest = ts;
    if (plan.created) this.noteCreated(plan, sample.value * 1000);
    else if (plan.meaning.kind === 'info') this.noteInfo(plan, sample.series);
    else this.addValue(plan, sample.series, ts, sample.value);
    return null;
  }

  /** The time a counter series started from zero, where the input says so apart from its samples (remote write 2.0). */
  addCreated(series: Series, createdMs: number): void {
    const plan = this.planFor(series);
    if (plan && 'meaning' in plan && plan.meaning.kind === 'counter') this.noteCreated(plan, createdMs);
  }

  /** Records ready to store: rows the horizon has passed (all of them when `final`), with their node events. */
  flush(final = false): CanonicalRecord[] {
    return this.emit(final ? Infinity : this.newest - this.options.horizonMs, final);
  }

  /** Every row held so far, without waiting for the horizon (a live input gone quiet); nodes stay as they are. */
  flushHeld(): CanonicalRecord[] {
    return this.emit(Infinity, false, this.newest - this.options.horizonMs);
  }

  private emit(cutoff: number, final: boolean, eventCutoff = cutoff): CanonicalRecord[] {
    if (cutoff < this.oldestHeld && !final) return this.timeline.events(eventCutoff, false);
    this.oldestHeld = Infinity;
    const records: CanonicalRecord[] = [];
    // Engine GPUs first: a GPU without engine series takes its node's role from them.
    for (const gpu of this.gpus.values()) if (gpu.hasEngine) this.emitGpu(gpu, cutoff, final, records);
    this.timeline.merge();
    for (const gpu of this.gpus.values()) if (!gpu.hasEngine) this.emitGpu(gpu, cutoff, final, records);
    records.push(...this.timeline.events(eventCutoff, final));
    for (const gpu of this.gpus.values()) {
      for (const t of gpu.rows.keys()) if (t < this.oldestHeld) this.oldestHeld = t;
      for (const t of gpu.hardware.keys()) if (t < this.oldestHeld) this.oldestHeld = t;
    }
    return records;
  }

  private planFor(series: Series): SeriesPlan | MetricNotice | null {
    const known = this.plans.get(series);
    if (known !== undefined) return known;
    const plan = this.makePlan(series);
    this.plans.set(series, plan);
    return plan;
  }

  private makePlan(series: Series): SeriesPlan | MetricNotice | null {
    const found = lookupMetric(series.name);
    if (!found) return this.notices.forSeries('unused_metric', series.family, series.type, series.key);
    const place = placeSeries(series.labels, this.options.mapping);
    if ('reason' in place) return this.notices.forSeries('unplaced_series', series.name, place.reason, series.key);
    const { meaning } = found;
    const gpuKey = `${place.node}\u0000${place.gpu}`;
    let gpu = this.gpus.get(gpuKey);
    if (!gpu) this.gpus.set(gpuKey, (gpu = new GpuStream(place.node, place.gpu)));
    if (meaning.stream === 'hardware') this.timeline.hardware(place.node, place.gpu, gpuTypeOfModelName(series.labels.modelName ?? series.labels.model_name ?? ''));
    else if (meaning.kind !== 'info') this.timeline.engine(place.node, place.gpu, series.labels.model_name ?? series.labels.model ?? null);
    const counterKey = `${meaning.meaning}${series.key.slice(series.name.length)}`;
    let counter = this.counters.get(counterKey);
    if (!counter) this.counters.set(counterKey, (counter = { lastTs: null, lastValue: 0, createdMs: null, rank: 0, gaugeRow: null, gaugeTs: 0, gaugeValue: 0 }));
    return { meaning, created: found.created, counter, gpu, serves: place.serves, source: series.labels.source ?? null };
  }

  private noteCreated(plan: SeriesPlan, createdMs: number): void {
    if (Number.isFinite(createdMs)) plan.counter.createdMs = createdMs;
  }

  private noteInfo(plan: SeriesPlan, series: Series): void {
    const { labels } = series;
    const geometry = plan.gpu.geometry;
    const block = Number(labels.block_size);
    if (Number.isSafeInteger(block) && block > 0) geometry.blockSize = block;
    const tokens = Number(labels.kv_cache_size_tokens);
    const blocks = Number(labels.num_gpu_blocks);
    if (Number.isSafeInteger(tokens) && tokens > 0) geometry.capacityTokens = tokens;
    else if (Number.isSafeInteger(blocks) && blocks > 0 && geometry.blockSize) geometry.capacityTokens = blocks * geometry.blockSize;
  }

  private addValue(plan: SeriesPlan, series: Series, ts: number, raw: number): void {
    const { meaning, counter, gpu } = plan;
    if (meaning.rank < counter.rank) return this.notices.note('skipped_samples', series.name, `a newer name of the same metric is reported`, series.key);
    const outranks = meaning.rank > counter.rank;
    counter.rank = meaning.rank;
    if (meaning.engine === 'dcgm' && raw >= DCGM_BLANK) return;
    if (meaning.stream === 'hardware') this.timeline.hardwareSeen(gpu.node, ts);
    if (gpu.lastEmitted !== null && ts <= gpu.lastEmitted) {
      const why = this.options.horizonMs === Infinity || this.options.horizonMs === 0
        ? 'late: its GPU row was already stored (the increase moves to the next sample)'
        : 'late: its GPU row was already stored; the input is not in time order (split it into time-ordered scrapes)';
      return this.notices.note('skipped_samples', series.name, why, series.key);
    }
    const value = raw * meaning.scale;
    const part = meaning.kind === 'counter' ? this.increase(counter, series, ts, value) : { delta: value, since: null };
    if (part === null) return;
    const rows = meaning.stream === 'hardware' ? gpu.hardware : gpu.rows;
    let row = rows.get(ts);
    if (!row) {
      rows.set(ts, (row = this.pool.take(ts)));
      if (ts < this.oldestHeld) this.oldestHeld = ts;
    }
    if (meaning.stream === 'engine') {
      row.engine = true;
      gpu.hasEngine = true;
      if (plan.serves !== null) row.serves = plan.serves;
    }
    if (part.since !== null && (row.since === null || part.since < row.since)) row.since = part.since;
    if (meaning.kind === 'gauge' && counter.gaugeRow === row && counter.gaugeTs === ts) {
      // Two names of one gauge at one time (an engine mid-rename): the better-ranked one counts.
      if (!outranks) return;
      this.put(row, plan, -counter.gaugeValue, false);
    }
    if (meaning.kind === 'gauge') {
      counter.gaugeRow = row;
      counter.gaugeTs = ts;
      counter.gaugeValue = part.delta;
    }
    this.put(row, plan, part.delta, meaning.stream === 'hardware');
  }

  /** The counter's increase since its previous sample (null when it gives none), and where that interval began. */
  private increase(counter: CounterState, series: Series, ts: number, value: number): { delta: number; since: number | null } | null {
    const { lastTs, lastValue, createdMs } = counter;
    if (lastTs !== null && ts <= lastTs) {
      this.notices.note('skipped_samples', series.name, 'a sample at or before one already read (sent twice or out of order)', series.key);
      return null;
    }
    counter.lastTs = ts;
    counter.lastValue = value;
    const fresh = lastTs === null || ts - lastTs > this.options.mapping.staleAfterMs;
    if (!fresh) return { delta: value >= lastValue ? value - lastValue : value, since: lastTs };
    // A first sample: the counter counted from its _created time, if that is known and recent.
    if (createdMs !== null && createdMs < ts && (lastTs === null || createdMs > lastTs) && ts - createdMs <= MAX_INTERVAL_S * 1000) {
      return { delta: value, since: createdMs };
    }
    this.notices.note('skipped_samples', series.name, lastTs === null ? 'first sample of its series (no interval yet)' : 'first sample after a gap longer than the staleness', series.key);
    return null;
  }

  private put(row: RowParts, plan: SeriesPlan, x: number, hardware: boolean): void {
    // Hardware series repeat one GPU's value (a device-level series and one per pod): keep one.
    const combine = hardware ? maxOf : add;
    const q = plan.meaning.quantity;
    const blocks = plan.meaning.blocks === true;
    if (q === 'inputTokens') row.input = combine(row.input, x);
    else if (q === 'cachedTokens') {
      if (blocks) row.cachedBlocks = combine(row.cachedBlocks, x);
      else row.cached = combine(row.cached, x);
    } else if (q === 'promptBySource') {
      if (plan.source === 'local_compute') row.bySourceCompute = add(row.bySourceCompute, x);
      else if (plan.source === 'local_cache_hit') row.bySourceCacheHit = add(row.bySourceCacheHit, x);
      else row.bySourceTransfer = add(row.bySourceTransfer, x);
    } else if (q === 'outputTokens') row.output = combine(row.output, x);
    else if (q === 'requests') row.requests = combine(row.requests, x);
    else if (q === 'runningRequests') row.running = combine(row.running, x);
    else if (q === 'kvCacheTokens') {
      if (blocks) row.kvTokensBlocks = combine(row.kvTokensBlocks, x);
      else row.kvTokens = combine(row.kvTokens, x);
    } else if (q === 'kvCacheCapacity') {
      if (blocks) row.kvCapacityBlocks = combine(row.kvCapacityBlocks, x);
      else row.kvCapacity = combine(row.kvCapacity, x);
    } else if (q === 'kvCacheUsage') row.kvUsage = combine(row.kvUsage, x);
    else if (q === 'utilPct') row.utilPct = maxOf(row.utilPct, x);
    else if (q === 'memUsedBytes') row.memUsedBytes = maxOf(row.memUsedBytes, x);
    else if (q === 'powerW') row.powerW = maxOf(row.powerW, x);
    else if (q === 'energyJ') row.energyJ = maxOf(row.energyJ, x);
  }

  /** Emits a GPU's rows up to `cutoff` in time order; hardware samples fold into the next engine row. */
  private emitGpu(gpu: GpuStream, cutoff: number, final: boolean, out: CanonicalRecord[]): void {
    const engineTimes = [...gpu.rows.keys()].filter((t) => t <= cutoff).sort((a, b) => a - b);
    const hardwareTimes = [...gpu.hardware.keys()].filter((t) => t <= cutoff).sort((a, b) => a - b);
    if (gpu.hasEngine) {
      let h = 0;
      for (const t of engineTimes) {
        const row = gpu.rows.get(t)!;
        gpu.rows.delete(t);
        const from = this.rowStart(gpu, row);
        for (; h < hardwareTimes.length && hardwareTimes[h] <= t; h++) {
          const ht = hardwareTimes[h];
          if (from === null || ht <= from) this.dropHardware(gpu, ht, 'hardware samples before the first interval of their GPU');
          else {
            const hardware = gpu.hardware.get(ht)!;
            row.foldHardware(hardware);
            gpu.hardware.delete(ht);
            this.pool.give(hardware);
          }
        }
        this.emitRow(gpu, row, out);
        this.pool.give(row);
      }
      // Left over: after the GPU's last engine row. Kept for the next one, unless none can come.
      const stale = this.newest - this.options.mapping.staleAfterMs;
      for (const t of hardwareTimes.slice(h)) if (final || t < stale) this.dropHardware(gpu, t, 'hardware samples with no engine sample of their GPU after them (its engine stopped)');
      return;
    }
    for (const t of hardwareTimes) {
      const row = gpu.hardware.get(t)!;
      gpu.hardware.delete(t);
      this.emitRow(gpu, row, out);
      this.pool.give(row);
    }
  }

  private dropHardware(gpu: GpuStream, t: number, reason: string): void {
    const row = gpu.hardware.get(t);
    gpu.hardware.delete(t);
    if (row) this.pool.give(row);
    this.notices.note('skipped_samples', 'dcgm-exporter', reason, `${gpu.node} gpu ${gpu.gpu}`);
  }

  /** Where a row's interval starts: the GPU's previous row, or after a gap (or at first) where its counters counted from. */
  private rowStart(gpu: GpuStream, row: RowParts): number | null {
    const previous = gpu.lastEmitted;
    return previous !== null && row.ts - previous <= this.options.mapping.staleAfterMs ? previous : row.since;
  }

  private emitRow(gpu: GpuStream, row: RowParts, out: CanonicalRecord[]): void {
    const start = this.rowStart(gpu, row);
    if (start === null || start >= row.ts) {
      // No interval: the GPU's first timestamp (its counters start here).
      gpu.lastEmitted = row.ts;
      this.notices.note('skipped_samples', 'first timestamp', 'a GPU\'s first timestamp only starts its interval (one scrape alone gives no rows)', `${gpu.node} gpu ${gpu.gpu}`);
      return;
    }
    const own = row.engine ? row.serves : this.timeline.servingAt(gpu.node, row.ts);
    const serves = own ?? this.storedServes(gpu.node, row.ts);
    if (serves === null) {
      gpu.lastEmitted = row.ts;
      const why = row.engine
        ? 'no role: no role label (engine_type, role, worker_type), no defaultRole in the mapping and no node event for the node'
        : 'no role: its node has no engine series serving then and no node event';
      this.notices.note('unplaced_series', row.engine ? 'engine series' : 'dcgm-exporter', why, gpu.node);
      return;
    }
    gpu.lastEmitted = row.ts;
    const { record, clamped } = toGpuSample(row, {
      node: gpu.node, gpu: gpu.gpu, role: roleOf(serves), serves, intervalS: (row.ts - start) / 1000, geometry: gpu.geometry,
    });
    if (clamped) this.notices.note('skipped_samples', 'cached tokens', 'exceeded input tokens in the same interval (cut to the input)', gpu.node);
    // Nodes placed by stored node events already have their events.
    if (row.engine && own !== null) this.timeline.serving(gpu.node, start, row.ts, serves);
    out.push(record);
  }

  private storedServes(node: string, ts: number): ServingKind | null {
    return this.options.nodeRole?.(node, ts) ?? null;
  }
}
