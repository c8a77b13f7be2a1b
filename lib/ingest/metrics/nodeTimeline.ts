/**
 * A node's serving state from its metrics: it serves in a role while its engine series report
 * in that role; when they stop for longer than the staleness it has left serving, into `other`
 * (lent elsewhere: its GPUs still report to dcgm-exporter) or `offline` (nothing reports). Its
 * GPU type and count come from dcgm-exporter (`modelName`, the distinct `gpu`s), else from the
 * engine's ranks and the mapping. Emits a `node_event` at each change.
 */
import type { NodeEventRecord, NodeState } from '@/lib/ingest/records';
import { MAX_GPUS_PER_NODE } from '@/lib/ingest/validate';
import { roleOf, type ServingKind } from './mapping';

interface Segment {
  serves: ServingKind;
  start: number;
  end: number;
}

const MINUTE_MS = 60_000;

class NodeHistory {
  readonly hardwareGpus = new Set<number>();
  readonly engineGpus = new Set<number>();
  gpuType: string | null = null;
  model: string | null = null;
  /** Merged serving segments, in time order; the first `closed` have had their end decided. */
  readonly segments: Segment[] = [];
  pending: Segment[] = [];
  /** Minutes in which a hardware sample was seen (to tell `other` from `offline`). */
  readonly hardwareMinutes = new Set<number>();
  /** Index of the first segment whose start event is not yet emitted. */
  started = 0;
  /** Index of the first segment whose end is not yet decided. */
  closed = 0;
}

export class NodeTimeline {
  private readonly nodes = new Map<string, NodeHistory>();

  constructor(
    private readonly staleAfterMs: number,
    private readonly defaultGpuType: string | null,
  ) {}

  private node(name: string): NodeHistory {
    let n = this.nodes.get(name);
    if (!n) this.nodes.set(name, (n = new NodeHistory()));
    return n;
  }

  hardware(node: string, gpu: number, gpuType: string | null): void {
    const n = this.node(node);
    n.hardwareGpus.add(gpu);
    if (gpuType) n.gpuType = gpuType;
  }

  hardwareSeen(node: string, ts: number): void {
    this.node(node).hardwareMinutes.add(Math.floor(ts / MINUTE_MS));
  }

  engine(node: string, gpu: number, model: string | null): void {
    const n = this.node(node);
    n.engineGpus.add(gpu);
    if (model) n.model = model;
  }

  /** An engine row of the node served `serves` over [start, end). */
  serving(node: string, start: number, end: number, serves: ServingKind): void {
    this.node(node).pending.push({ serves, start, end });
  }

  /** Folds the intervals given since the last call into each node's segments. */
  merge(): void {
    for (const n of this.nodes.values()) {
      if (!n.pending.length) continue;
      n.pending.sort((a, b) => a.start - b.start);
      for (const i of n.pending) {
        const last = n.segments.at(-1);
        if (last && last.serves === i.serves && i.start <= last.end + this.staleAfterMs) last.end = Math.max(last.end, i.end);
        else if (last && i.end <= last.end) continue; // inside a segment already recorded
        else n.segments.push({ ...i });
      }
      n.pending = [];
    }
  }

  /** What the node served at `ts`, from its engine series (null when it did not). */
  servingAt(node: string, ts: number): ServingKind | null {
    const n = this.nodes.get(node);
    if (!n) return null;
    for (let i = n.segments.length - 1; i >= 0; i--) {
      const s = n.segments[i];
      if (s.start <= ts && ts <= s.end) return s.serves;
      if (s.end < ts) return null;
    }
    return null;
  }

  /** The node events decided by `cutoff` (every one when `final`: each node's last segment then ends the data). */
  events(cutoff: number, final: boolean): NodeEventRecord[] {
    this.merge();
    const out: NodeEventRecord[] = [];
    for (const [name, n] of this.nodes) {
      for (; n.started < n.segments.length && n.segments[n.started].start <= cutoff; n.started++) {
        out.push(this.event(name, n, n.segments[n.started].start, roleOf(n.segments[n.started].serves)));
      }
      for (; n.closed < n.started; n.closed++) {
        const s = n.segments[n.closed];
        const next = n.segments[n.closed + 1];
        if (next && next.start <= s.end) continue; // a role change: the next start event says it
        if (!next && !final && cutoff < s.end + this.staleAfterMs) break; // it may still go on
        out.push(this.event(name, n, s.end, this.leftFor(n, s.end, next?.start ?? Infinity)));
      }
    }
    return out;
  }

  private leftFor(n: NodeHistory, from: number, to: number): NodeState {
    // From the minute after the engine's last: DCGM reported beside the engine until then.
    const first = Math.floor(from / MINUTE_MS) + 1;
    const last = Math.min(Math.floor(to / MINUTE_MS), first + 24 * 60);
    for (let m = first; m <= last; m++) if (n.hardwareMinutes.has(m)) return 'other';
    return 'offline';
  }

  private event(node: string, n: NodeHistory, ts: number, state: NodeState): NodeEventRecord {
    const gpus = n.hardwareGpus.size || n.engineGpus.size;
    return {
      type: 'node_event',
      ts,
      node,
      state,
      gpuType: n.gpuType ?? this.defaultGpuType,
      gpuCount: gpus ? Math.min(gpus, MAX_GPUS_PER_NODE) : null,
      model: n.model,
    };
  }
}
