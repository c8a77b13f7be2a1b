/**
 * OTLP trace exports (ExportTraceServiceRequest) into spans: OTLP/HTTP's two encodings,
 * `application/json` and `application/x-protobuf`. A gzip Content-Encoding is undone by the
 * caller before this. The protobuf schema is the trimmed opentelemetry-proto in proto/, loaded
 * from its generated descriptor.
 */
import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';
import { OtlpDecodeError } from '@/lib/ingest/otlp/errors';
import { spansOfRequest } from '@/lib/ingest/otlp/normalize';
import { OTLP_TRACE_DESCRIPTOR } from '@/lib/ingest/otlp/proto/descriptor';
import type { OtlpSpan } from '@/lib/ingest/otlp/spans';

export const EXPORT_TRACE_SERVICE_REQUEST = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';

let requestType: protobuf.Type | null = null;

/** The ExportTraceServiceRequest type, built once on first use. */
export function exportTraceServiceRequest(): protobuf.Type {
  requestType ??= protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR).lookupType(EXPORT_TRACE_SERVICE_REQUEST);
  return requestType;
}

/** A protobuf body in OTLP/JSON's object form: int64 as decimal text, enums as numbers, bytes as bytes. */
export function decodeOtlpProtobuf(body: Uint8Array): unknown {
  const type = exportTraceServiceRequest();
  let message: protobuf.Message;
  try {
    message = type.decode(body);
  } catch (e) {
    throw new OtlpDecodeError(400, `bad protobuf: ${(e as Error).message} (is the body an uncompressed ExportTraceServiceRequest?)`);
  }
  return type.toObject(message, { longs: String, enums: Number });
}

export type OtlpEncoding = 'json' | 'protobuf';

export function otlpEncoding(contentType: string | null): OtlpEncoding {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  throw new OtlpDecodeError(415, `unsupported Content-Type ${JSON.stringify(contentType)}: OTLP/HTTP sends application/x-protobuf or application/json`);
}

export function decodeOtlpTraces(body: Buffer, contentType: string | null): OtlpSpan[] {
  if (otlpEncoding(contentType) === 'protobuf') return spansOfRequest(decodeOtlpProtobuf(body));
  // Bytes that are not UTF-8 would become U+FFFD in a model or node name that no other span has.
  if (!isUtf8(body)) throw new OtlpDecodeError(400, 'the body is not valid UTF-8');
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new OtlpDecodeError(400, `invalid JSON: ${(e as Error).message}`);
  }
  return spansOfRequest(request);
}
