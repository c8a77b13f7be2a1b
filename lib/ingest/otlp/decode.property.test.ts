import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeOtlpTraces } from '@/lib/ingest/otlp/decode';
import { OtlpDecodeError } from '@/lib/ingest/otlp/errors';
import { exportRequest, toProtobuf, VLLM_RESOURCE, VLLM_SCOPE, vllmRequestSpan } from '@/lib/ingest/otlp/testing';
import { arbitraryInput, mutatedBytes, propertyParameters } from '@/lib/ingest/property-testing';

// An OTLP/HTTP body is one request decoded whole, so there are no chunk boundaries to vary: the
// invariant is that any body is decoded or refused with an OtlpDecodeError (an HTTP 4xx).
const request = exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('00f067aa0ba902b7', Date.UTC(2025, 1, 27, 4))]);

test('OTLP/HTTP: any protobuf or JSON body is decoded or refused with a 4xx, never a crash', { timeout: 120_000 }, () => {
  const bodies = fc.oneof(
    arbitraryInput().map((b) => [b, 'application/x-protobuf'] as const),
    mutatedBytes(toProtobuf(request)).map((b) => [b, 'application/x-protobuf'] as const),
    mutatedBytes(Buffer.from(JSON.stringify(request))).map((b) => [b, 'application/json'] as const),
  );
  fc.assert(
    fc.property(bodies, ([body, contentType]) => {
      try {
        assert.ok(Array.isArray(decodeOtlpTraces(body, contentType)));
      } catch (e) {
        if (!(e instanceof OtlpDecodeError)) throw e;
        assert.ok(e.status >= 400 && e.status < 500);
      }
    }),
    propertyParameters(),
  );
});
