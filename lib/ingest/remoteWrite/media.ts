/**
 * Which remote write version a request is, from its headers, as the specifications select it:
 * `Content-Type: application/x-protobuf;proto=io.prometheus.write.v2.Request` is 2.0; no `proto`
 * parameter (or `proto=prometheus.WriteRequest`) is 1.0, as is a request without a Content-Type
 * (1.0 senders predate the header). The body must be snappy block-compressed; a missing
 * Content-Encoding is taken as snappy, as Prometheus's own receiver does for 1.0 senders.
 */
import { UnsupportedRemoteWrite } from '@/lib/ingest/remoteWrite/errors';

export type RemoteWriteVersion = '1.0' | '2.0';

export const PROTO_V1 = 'prometheus.WriteRequest';
export const PROTO_V2 = 'io.prometheus.write.v2.Request';
export const CONTENT_TYPE_V2 = `application/x-protobuf;proto=${PROTO_V2}`;
const PROTOBUF = 'application/x-protobuf';

const VERSION_OF_PROTO: ReadonlyMap<string, RemoteWriteVersion> = new Map([
  [PROTO_V1, '1.0'],
  [PROTO_V2, '2.0'],
]);

/** The media type (lower case) and parameters of a Content-Type value (RFC 9110: `type/subtype;name=value`, values maybe quoted). */
function parseMediaType(value: string): { type: string; params: Map<string, string> } {
  const [type, ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(part.slice(0, eq).trim().toLowerCase(), v);
  }
  return { type: type.trim().toLowerCase(), params };
}

export function remoteWriteVersion(contentType: string | null): RemoteWriteVersion {
  if (contentType === null || contentType.trim() === '') return '1.0';
  const { type, params } = parseMediaType(contentType);
  if (type !== PROTOBUF) {
    throw new UnsupportedRemoteWrite(`unsupported Content-Type ${JSON.stringify(contentType)}: remote write sends ${PROTOBUF}`);
  }
  const proto = params.get('proto');
  if (proto === undefined) return '1.0';
  const version = VERSION_OF_PROTO.get(proto);
  if (version === undefined) {
    throw new UnsupportedRemoteWrite(`unsupported remote write message ${JSON.stringify(proto)}: this receiver reads ${PROTO_V1} (1.0) and ${PROTO_V2} (2.0)`);
  }
  return version;
}

export function checkContentEncoding(contentEncoding: string | null): void {
  const encoding = contentEncoding?.trim().toLowerCase() ?? '';
  if (encoding !== '' && encoding !== 'snappy') {
    throw new UnsupportedRemoteWrite(`unsupported Content-Encoding ${JSON.stringify(contentEncoding)}: remote write bodies are snappy block-compressed (Content-Encoding: snappy)`);
  }
}
