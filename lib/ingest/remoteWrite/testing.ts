/**
 * Test and benchmark helpers: remote write requests encoded with protobufjs from the same .proto
 * files the decoders follow (an independent encoder, so a test compares two implementations),
 * and snappy-compressed as a sender sends them.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import snappy from 'snappy';

const protoFile = (name: string) => fileURLToPath(new URL(`./proto/${name}`, import.meta.url));

const root = protobuf.loadSync([protoFile('remote.proto'), protoFile('write-v2.proto')]);
export const WriteRequestType = root.lookupType('prometheus.WriteRequest');
export const RequestV2Type = root.lookupType('io.prometheus.write.v2.Request');

/** prometheus.WriteRequest in protobufjs's object form (camelCase fields). */
export interface WriteRequestObject {
  timeseries?: {
    labels?: { name: string; value: string }[];
    samples?: { value: number; timestamp: number }[];
    exemplars?: { labels?: { name: string; value: string }[]; value: number; timestamp: number }[];
    histograms?: Record<string, unknown>[];
  }[];
  metadata?: { type?: number; metricFamilyName?: string; help?: string; unit?: string }[];
}

/** io.prometheus.write.v2.Request in protobufjs's object form. */
export interface RequestV2Object {
  symbols?: string[];
  timeseries?: {
    labelsRefs?: number[];
    samples?: { value: number; timestamp: number; startTimestamp?: number }[];
    histograms?: Record<string, unknown>[];
    exemplars?: { labelsRefs?: number[]; value: number; timestamp: number }[];
    metadata?: { type?: number; helpRef?: number; unitRef?: number };
    createdTimestamp?: number;
  }[];
}

export const encodeV1 = (request: WriteRequestObject): Buffer => Buffer.from(WriteRequestType.encode(WriteRequestType.fromObject(request)).finish());
export const encodeV2 = (request: RequestV2Object): Buffer => Buffer.from(RequestV2Type.encode(RequestV2Type.fromObject(request)).finish());
export const compress = (message: Uint8Array): Buffer => snappy.compressSync(message);

/** Builds a 2.0 symbol table as a sender does: "" first, each string once. */
export class SymbolTable {
  readonly symbols: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  ref(text: string): number {
    let ref = this.index.get(text);
    if (ref === undefined) {
      ref = this.symbols.length;
      this.symbols.push(text);
      this.index.set(text, ref);
    }
    return ref;
  }

  refs(labels: readonly (readonly [string, string])[]): number[] {
    return labels.flatMap(([name, value]) => [this.ref(name), this.ref(value)]);
  }
}

const T0 = Date.UTC(2025, 1, 27, 4);
const METRICS = ['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_FB_USED', 'vllm:prompt_tokens_total', 'vllm:generation_tokens_total'];

/**
 * The labels of the i-th series of a fleet's scrape as Prometheus forwards it: dcgm-exporter's
 * GPU series and vLLM's engine counters, with the target labels Prometheus adds, sorted by name.
 */
export function fleetSeriesLabels(i: number): [string, string][] {
  const gpu = String(i % 8);
  const node = `decode-${String(Math.floor(i / 8)).padStart(4, '0')}`;
  const metric = METRICS[Math.floor(i / 2400) % METRICS.length];
  const labels: [string, string][] = metric.startsWith('DCGM')
    ? [
        ['Hostname', node], ['UUID', `GPU-${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-7a1c-4b2e-9d3f-00c0ffee000${gpu}`],
        ['__name__', metric], ['device', `nvidia${gpu}`], ['gpu', gpu], ['instance', `${node}:9400`], ['job', 'dcgm-exporter'],
        ['modelName', 'NVIDIA H800'], ['pci_bus_id', `00000000:${(0x18 + (i % 8)).toString(16)}:00.0`],
      ]
    : [
        ['__name__', metric], ['engine', gpu], ['instance', `${node}:8000`], ['job', 'vllm'],
        ['model_name', 'deepseek-ai/DeepSeek-V3'], ['namespace', 'serving'], ['pod', `${node}-vllm-0`],
      ];
  return labels;
}

/** A 1.0 request of `n` series with one sample each (how Prometheus batches a scrape's samples). */
export function fleetRequestV1(n: number): Buffer {
  const timeseries = [];
  for (let i = 0; i < n; i++) {
    timeseries.push({ labels: fleetSeriesLabels(i).map(([name, value]) => ({ name, value })), samples: [{ value: i * 1.5, timestamp: T0 + (i % 15_000) }] });
  }
  return encodeV1({ timeseries });
}

/** The same series as a 2.0 request, with per-series metadata. */
export function fleetRequestV2(n: number): Buffer {
  const table = new SymbolTable();
  const timeseries = [];
  for (let i = 0; i < n; i++) {
    const labels = fleetSeriesLabels(i);
    const counter = labels.some(([name, value]) => name === '__name__' && value.endsWith('_total'));
    timeseries.push({
      labelsRefs: table.refs(labels),
      samples: [{ value: i * 1.5, timestamp: T0 + (i % 15_000) }],
      metadata: { type: counter ? 1 : 2, helpRef: table.ref(counter ? 'Number of tokens.' : 'GPU gauge.'), unitRef: 0 },
    });
  }
  return encodeV2({ symbols: table.symbols, timeseries });
}
