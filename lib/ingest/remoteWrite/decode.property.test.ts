import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeRemoteWrite, RemoteWriteDecoder, RemoteWriteError, type DecodedWrite } from '@/lib/ingest/remoteWrite/decode';
import { compress, fleetRequestV1, fleetRequestV2 } from '@/lib/ingest/remoteWrite/testing';
import { arbitraryInput, mutatedBytes, propertyParameters } from '@/lib/ingest/property-testing';

// A remote write body is one request decoded whole (snappy blocks are not streamed), so there are
// no chunk boundaries to vary. The invariants it keeps instead: any body is decoded or refused with
// a RemoteWriteError (an HTTP 4xx, never a crash), and a decoder kept across requests (its series
// cache warm) reads a body exactly as a fresh one does.
const V1 = 'application/x-protobuf';
const V2 = 'application/x-protobuf;proto=io.prometheus.write.v2.Request';

const view = (d: DecodedWrite) => ({ ...d, samples: d.samples.map((s) => ({ key: s.series.key, type: s.series.type, ts: s.ts, value: s.value, created: s.series.created })) });

function outcome(decode: () => DecodedWrite): ReturnType<typeof view> | { refused: number; message: string } {
  try {
    return view(decode());
  } catch (e) {
    if (e instanceof RemoteWriteError) return { refused: e.status, message: e.message };
    throw e;
  }
}

const bodies = fc.oneof(
  arbitraryInput(),
  arbitraryInput().map((b) => compress(b)),
  mutatedBytes(fleetRequestV1(3)).map((b) => compress(b)),
  mutatedBytes(fleetRequestV2(3)).map((b) => compress(b)),
  mutatedBytes(compress(fleetRequestV1(3))),
);

test('remote write: any body is decoded or refused with a 4xx, and a warm decoder reads it as a fresh one does', { timeout: 120_000 }, () => {
  const kept = new RemoteWriteDecoder();
  fc.assert(
    fc.property(bodies, fc.constantFrom(V1, V2), (body, contentType) => {
      const fresh = outcome(() => decodeRemoteWrite(body, contentType, 'snappy'));
      assert.deepEqual(outcome(() => kept.decode(body, contentType, 'snappy')), fresh);
    }),
    propertyParameters(),
  );
});
