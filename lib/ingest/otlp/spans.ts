/** Spans as an OTLP trace export carries them, the same from OTLP/JSON and OTLP/protobuf. */

/**
 * An attribute value. OTLP's AnyValue: int64 values become numbers (exact to 2^53), bytes a
 * Uint8Array, arrays arrays; a key-value list inside an array becomes an object (at the top of an
 * attribute set, its entries are flattened into dotted keys instead; see `Attributes`).
 */
export type AttributeValue = string | number | boolean | null | Uint8Array | readonly AttributeValue[] | { readonly [key: string]: AttributeValue };

/**
 * Attributes by key. A key-value list value is flattened into dotted keys (`k8s` holding
 * `{node: {name: "n1"}}` gives `k8s.node.name`), so nested resource attributes are found by the
 * same names as flat ones.
 */
export type Attributes = ReadonlyMap<string, AttributeValue>;

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const STATUS_CODES = ['unset', 'ok', 'error'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export interface OtlpResource {
  attributes: Attributes;
}

export interface OtlpScope {
  name: string;
  version: string;
}

export interface SpanEvent {
  name: string;
  /** Nanoseconds since the epoch. */
  timeNs: bigint;
  attributes: Attributes;
}

export interface OtlpSpan {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  /** Nanoseconds since the epoch; 0 when the exporter gave none. */
  startNs: bigint;
  endNs: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: StatusCode; message: string };
  /** Shared by the spans of one ResourceSpans / ScopeSpans. */
  resource: OtlpResource;
  scope: OtlpScope;
}

/** Epoch milliseconds of a nanosecond time, to the microsecond (a double holds no more at this magnitude). */
export const nsToMs = (ns: bigint): number => Number(ns / 1000n) / 1000;
