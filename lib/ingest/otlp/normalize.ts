/**
 * An ExportTraceServiceRequest in object form, as JSON.parse gives OTLP/JSON and as protobufjs's
 * toObject gives OTLP/protobuf, into OtlpSpans. The two differ only in ids (hex text or bytes),
 * bytes values (base64 text or bytes) and int64 (text or number), which each reader accepts
 * either way. Keys are OTLP/JSON's lowerCamelCase; the proto field names (snake_case), which
 * protobuf's JSON mapping also allows, are accepted too. A request whose structure is wrong is
 * refused whole, naming where, as the collector's OTLP receiver does.
 */
import { OtlpDecodeError } from '@/lib/ingest/otlp/errors';
import {
  SPAN_KINDS, STATUS_CODES,
  type AttributeValue, type Attributes, type OtlpResource, type OtlpScope, type OtlpSpan, type SpanEvent, type SpanKind, type StatusCode,
} from '@/lib/ingest/otlp/spans';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

class Reader {
  constructor(readonly path: string) {}

  fail(message: string): never {
    throw new OtlpDecodeError(400, `${this.path}: ${message}`);
  }

  at(key: string | number): Reader {
    return new Reader(typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}.${key}`);
  }
}

/** A field by its lowerCamelCase or snake_case name. */
function field(object: Json, camel: string): unknown {
  const value = object[camel];
  if (value !== undefined) return value;
  return object[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}

function list(object: Json, camel: string, at: Reader): unknown[] {
  const value = field(object, camel);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return at.at(camel).fail(`must be an array, got ${typeof value}`);
  return value;
}

function objectAt(value: unknown, at: Reader): Json {
  if (!isObject(value)) at.fail(`must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  return value;
}

function text(object: Json, camel: string, at: Reader): string {
  const value = field(object, camel);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return at.at(camel).fail(`must be a string, got ${typeof value}`);
  return value;
}

const DIGITS = /^\d+$/;

/** fixed64 nanoseconds: a decimal string (OTLP/JSON and protobufjs with longs as strings) or a number. */
function nanos(object: Json, camel: string, at: Reader): bigint {
  const value = field(object, camel);
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'string' && DIGITS.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  return at.at(camel).fail(`must be nanoseconds since the epoch as a decimal string, got ${JSON.stringify(value)}`);
}

const HEX = /^[0-9a-fA-F]*$/;

/** A trace or span id: hex text (OTLP/JSON) or bytes (protobuf); null when absent or empty. */
function id(object: Json, camel: string, bytes: number, at: Reader): string | null {
  const value = field(object, camel);
  if (value === undefined || value === null || value === '') return null;
  let hex: string;
  if (value instanceof Uint8Array) hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  else if (typeof value === 'string' && HEX.test(value)) hex = value.toLowerCase();
  else return at.at(camel).fail(`must be ${bytes * 2} hex digits (OTLP/JSON writes ids in hex, not base64), got ${JSON.stringify(value)}`);
  if (hex.length === 0) return null;
  if (hex.length !== bytes * 2) at.at(camel).fail(`must be ${bytes * 2} hex digits, got ${hex.length}: ${JSON.stringify(hex)}`);
  return hex;
}

/** An enum as OTLP/JSON writes it (an integer) or as some exporters do (its name). */
function enumValue<T extends string>(object: Json, camel: string, names: readonly T[], prefix: string, at: Reader): T {
  const value = field(object, camel);
  if (value === undefined || value === null) return names[0];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return names[value];
  if (typeof value === 'string') {
    const name = value.toLowerCase().replace(prefix, '') as T;
    if (names.includes(name)) return name;
  }
  return at.at(camel).fail(`must be one of ${names.map((n, i) => `${i} (${n})`).join(', ')}, got ${JSON.stringify(value)}`);
}

function anyValue(value: unknown, at: Reader): AttributeValue {
  if (value === undefined || value === null) return null;
  const v = objectAt(value, at);
  const string = field(v, 'stringValue');
  if (string !== undefined) return typeof string === 'string' ? string : at.fail('stringValue must be a string');
  const bool = field(v, 'boolValue');
  if (bool !== undefined) return typeof bool === 'boolean' ? bool : at.fail('boolValue must be a boolean');
  const int = field(v, 'intValue');
  if (int !== undefined) {
    const n = typeof int === 'string' && /^-?\d+$/.test(int) ? Number(int) : int;
    return typeof n === 'number' && Number.isInteger(n) ? n : at.fail(`intValue must be an integer, got ${JSON.stringify(int)}`);
  }
  const double = field(v, 'doubleValue');
  if (double !== undefined) {
    // The JSON mapping of a double may be text: "NaN", "Infinity", "-Infinity" or a number.
    const n = typeof double === 'string' && double.trim() !== '' ? Number(double) : double;
    if (typeof n === 'number' && (!Number.isNaN(n) || double === 'NaN' || typeof double === 'number')) return n;
    return at.fail(`doubleValue must be a number, got ${JSON.stringify(double)}`);
  }
  const bytes = field(v, 'bytesValue');
  if (bytes !== undefined) {
    if (bytes instanceof Uint8Array) return bytes;
    return typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'base64')) : at.fail('bytesValue must be base64 text');
  }
  const array = field(v, 'arrayValue');
  if (array !== undefined) return list(objectAt(array, at.at('arrayValue')), 'values', at).map((item, i) => anyValue(item, at.at('arrayValue').at(i)));
  const kvlist = field(v, 'kvlistValue');
  if (kvlist !== undefined) return Object.fromEntries(attributes(list(objectAt(kvlist, at.at('kvlistValue')), 'values', at), at.at('kvlistValue')));
  return null;
}

/** Attributes from a KeyValue list; a key-value list value is flattened into dotted keys. */
function attributes(keyValues: unknown[], at: Reader): Map<string, AttributeValue> {
  const out = new Map<string, AttributeValue>();
  keyValues.forEach((item, i) => {
    const itemAt = at.at(i);
    const kv = objectAt(item, itemAt);
    const key = text(kv, 'key', itemAt);
    const value = field(kv, 'value');
    const kvlist = isObject(value) ? field(value, 'kvlistValue') : undefined;
    if (kvlist !== undefined) {
      const nested = attributes(list(objectAt(kvlist, itemAt.at('value')), 'values', itemAt), itemAt.at('value'));
      for (const [k, v] of nested) out.set(`${key}.${k}`, v);
    } else out.set(key, anyValue(value, itemAt.at('value')));
  });
  return out;
}

const attributesOf = (object: Json, at: Reader): Attributes => attributes(list(object, 'attributes', at), at.at('attributes'));

function event(value: unknown, at: Reader): SpanEvent {
  const e = objectAt(value, at);
  return { name: text(e, 'name', at), timeNs: nanos(e, 'timeUnixNano', at), attributes: attributesOf(e, at) };
}

function span(value: unknown, resource: OtlpResource, scope: OtlpScope, at: Reader): OtlpSpan {
  const s = objectAt(value, at);
  const traceId = id(s, 'traceId', 16, at);
  const spanId = id(s, 'spanId', 8, at);
  if (traceId === null) at.fail('traceId is required');
  if (spanId === null) at.fail('spanId is required');
  const statusValue = field(s, 'status');
  const status = statusValue === undefined || statusValue === null ? {} : objectAt(statusValue, at.at('status'));
  const code: StatusCode = enumValue(status, 'code', STATUS_CODES, 'status_code_', at.at('status'));
  return {
    traceId,
    spanId,
    parentSpanId: id(s, 'parentSpanId', 8, at),
    name: text(s, 'name', at),
    kind: enumValue<SpanKind>(s, 'kind', SPAN_KINDS, 'span_kind_', at),
    startNs: nanos(s, 'startTimeUnixNano', at),
    endNs: nanos(s, 'endTimeUnixNano', at),
    attributes: attributesOf(s, at),
    events: list(s, 'events', at).map((e, i) => event(e, at.at('events').at(i))),
    status: { code, message: text(status, 'message', at.at('status')) },
    resource,
    scope,
  };
}

/** The spans of one ExportTraceServiceRequest in object form. `where` names the request in errors (e.g. a line). */
export function spansOfRequest(request: unknown, where = 'request'): OtlpSpan[] {
  const root = new Reader(where);
  const out: OtlpSpan[] = [];
  list(objectAt(request, root), 'resourceSpans', root).forEach((rsValue, i) => {
    const rsAt = root.at('resourceSpans').at(i);
    const rs = objectAt(rsValue, rsAt);
    const resourceValue = field(rs, 'resource');
    const resource: OtlpResource = {
      attributes: resourceValue === undefined || resourceValue === null ? new Map() : attributesOf(objectAt(resourceValue, rsAt.at('resource')), rsAt.at('resource')),
    };
    list(rs, 'scopeSpans', rsAt).forEach((ssValue, j) => {
      const ssAt = rsAt.at('scopeSpans').at(j);
      const ss = objectAt(ssValue, ssAt);
      const scopeValue = field(ss, 'scope');
      const scopeObject = scopeValue === undefined || scopeValue === null ? {} : objectAt(scopeValue, ssAt.at('scope'));
      const scope: OtlpScope = { name: text(scopeObject, 'name', ssAt.at('scope')), version: text(scopeObject, 'version', ssAt.at('scope')) };
      list(ss, 'spans', ssAt).forEach((spanValue, k) => out.push(span(spanValue, resource, scope, ssAt.at('spans').at(k))));
    });
  });
  return out;
}
