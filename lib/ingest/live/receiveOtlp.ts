/**
 * POST /v1/traces: an OTLP/HTTP trace export (JSON or protobuf, plain or gzip). Its GenAI spans
 * become request records, stored (exactly once: a resent span has the same request id) under
 * the day's OTLP live job before the answer; other spans are skipped; a GenAI span that cannot
 * become a request is rejected with the reason, in the response's partial success.
 */
import { gunzipSync } from 'node:zlib';
import type { Db } from '@/lib/db/client';
import { BatchWriter } from '@/lib/db/ingest/writer';
import { closeLiveJobsBefore, liveJob } from '@/lib/db/live/liveJob';
import type { LineError } from '@/lib/ingest/format';
import { FieldIssue } from '@/lib/ingest/field-reader';
import { ApiError, TooLarge } from '@/lib/http/errors';
import { inflateLimits, MAX_INFLATED_BYTES_ENV } from '@/lib/ingest/inflateBudget';
import { decodeOtlpTraces, otlpEncoding, type OtlpEncoding } from '@/lib/ingest/otlp/decode';
import { OtlpDecodeError } from '@/lib/ingest/otlp/errors';
import { SpanSkip, spanLabel, spanToRequest } from '@/lib/ingest/otlp/span-to-request';
import type { OtlpSpan } from '@/lib/ingest/otlp/spans';
import type { RequestRecord } from '@/lib/ingest/records';
import type { PartialSuccess } from './otlpResponse';
import { readBody } from '@/lib/http/body';

export const MAX_OTLP_BYTES = 32 * 1024 * 1024;
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;
/** Reasons listed in a partial success's message (the count covers all). */
const LISTED_REJECTIONS = 5;

export interface ReceivedTraces {
  encoding: OtlpEncoding;
  spans: number;
  accepted: number;
  duplicates: number;
  skipped: number;
  partial: PartialSuccess | null;
}

function inflate(body: Buffer, encoding: string | null): Buffer {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  if (name !== 'gzip') throw new ApiError(415, 'unsupported_encoding', `Content-Encoding ${name} is not supported (gzip or none).`);
  const limit = Math.min(MAX_INFLATED_BYTES, inflateLimits().maxInflatedBytes);
  try {
    return gunzipSync(body, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge(`The gzip body inflates past ${limit} bytes, the limit (${MAX_INFLATED_BYTES_ENV}).`);
    throw new ApiError(400, 'bad_request', `The gzip body cannot be read: ${(e as Error).message}`);
  }
}

function decode(body: Buffer, contentType: string | null): { encoding: OtlpEncoding; spans: OtlpSpan[] } {
  try {
    return { encoding: otlpEncoding(contentType), spans: decodeOtlpTraces(body, contentType) };
  } catch (e) {
    if (e instanceof OtlpDecodeError) throw new ApiError(e.status, 'otlp_rejected', e.message);
    throw e;
  }
}

export async function receiveOtlpTraces(db: Db, request: Request, now = Date.now()): Promise<ReceivedTraces> {
  const contentType = request.headers.get('content-type');
  otlpEncoding(contentType); // refuse an unsupported type before reading the body
  const body = inflate(await readBody(request, MAX_OTLP_BYTES), request.headers.get('content-encoding'));
  const { encoding, spans } = decode(body, contentType);
  const records: RequestRecord[] = [];
  const errors: LineError[] = [];
  let skipped = 0;
  for (const span of spans) {
    const result = spanToRequest(span, span.resource, { now });
    if (result instanceof SpanSkip) skipped += 1;
    else if (result instanceof FieldIssue) errors.push({ line: 0, field: result.field, message: result.message, excerpt: spanLabel(span) });
    else records.push(result);
  }
  let accepted = 0;
  let duplicates = 0;
  if (records.length || errors.length) {
    await closeLiveJobsBefore(db, 'otlp', now);
    const writer = await BatchWriter.open(db, await liveJob(db, 'otlp', now, 'otlp'), false);
    try {
      writer.add(records, errors);
      const result = await writer.commit(await writer.seal(body.length));
      accepted = result.accepted;
      duplicates = result.duplicates;
    } finally {
      writer.release();
    }
  }
  const partial = errors.length
    ? { rejectedSpans: errors.length, errorMessage: errors.slice(0, LISTED_REJECTIONS).map((e) => `${e.excerpt}: ${e.message}`).join('; ') }
    : null;
  return { encoding, spans: spans.length, accepted, duplicates, skipped, partial };
}
