/**
 * Prometheus remote write, 1.0 and 2.0: a snappy-compressed protobuf body in, metric samples out
 * (lib/ingest/metrics/types.ts). Native histograms, exemplars and staleness markers are skipped
 * and counted. Every refusal is a RemoteWriteError carrying the HTTP status to answer.
 *
 * A RemoteWriteDecoder kept for the life of the route remembers what senders repeat: 1.0 metadata
 * (sent in requests of its own, so a series' type is known only from earlier requests) and the
 * series themselves, which are then the same objects request after request and are found without
 * decoding their labels again. decodeRemoteWrite decodes one request with a fresh decoder.
 */
import { WriteRequestDecoder } from '@/lib/ingest/remoteWrite/decode-v1';
import { RequestV2Decoder } from '@/lib/ingest/remoteWrite/decode-v2';
import { checkContentEncoding, remoteWriteVersion } from '@/lib/ingest/remoteWrite/media';
import { snappyDecode } from '@/lib/ingest/remoteWrite/snappy';
import type { DecodedWrite } from '@/lib/ingest/remoteWrite/types';

/**
 * A 50,000-sample 1.0 request decompresses to ~13 MB; Prometheus sends 2,000 samples (~0.5 MB)
 * per request by default. Four times the larger leaves room for long label sets.
 */
export const DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024;
/**
 * Series remembered per version, in each of the cache's two generations: a fleet of 300 nodes of
 * 8 GPUs with ~40 GPU and engine series each is ~100k; an entry costs roughly 1 KB.
 */
export const DEFAULT_MAX_CACHED_SERIES = 200_000;

export interface DecoderOptions {
  maxDecodedBytes?: number;
  maxCachedSeries?: number;
}

export class RemoteWriteDecoder {
  private readonly v1: WriteRequestDecoder;
  private readonly v2: RequestV2Decoder;
  private readonly maxDecodedBytes: number;

  constructor(options: DecoderOptions = {}) {
    const maxSeries = options.maxCachedSeries ?? DEFAULT_MAX_CACHED_SERIES;
    this.v1 = new WriteRequestDecoder(maxSeries);
    this.v2 = new RequestV2Decoder(maxSeries);
    this.maxDecodedBytes = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
  }

  decode(body: Buffer, contentType: string | null, contentEncoding: string | null): DecodedWrite {
    const version = remoteWriteVersion(contentType);
    checkContentEncoding(contentEncoding);
    const message = snappyDecode(body, this.maxDecodedBytes);
    return version === '2.0' ? this.v2.decode(message) : this.v1.decode(message);
  }
}

export function decodeRemoteWrite(body: Buffer, contentType: string | null, contentEncoding: string | null, options: DecoderOptions = {}): DecodedWrite {
  return new RemoteWriteDecoder(options).decode(body, contentType, contentEncoding);
}

export { RemoteWriteError, MalformedRemoteWrite, RemoteWriteTooLarge, UnsupportedRemoteWrite } from '@/lib/ingest/remoteWrite/errors';
export type { DecodedWrite, FamilyMetadata, RemoteWriteSample, RemoteWriteSeries } from '@/lib/ingest/remoteWrite/types';
