/**
 * POST /api/v1/write: a Prometheus remote-write request is checked (decoded once, so a
 * malformed one is refused with the reason) and journalled; it is acknowledged once its body
 * is committed, and read into records by the background rounds (lib/ingest/live/runner.ts).
 */
import type { Db } from '@/lib/db/client';
import { appendBody } from '@/lib/db/live/journal';
import { ApiError } from '@/lib/http/errors';
import { RemoteWriteDecoder, RemoteWriteError } from '@/lib/ingest/remoteWrite/decode';
import { readBody } from '@/lib/http/body';

/** Prometheus sends a few MB at most per request (max_samples_per_send × series size). */
export const MAX_REMOTE_WRITE_BYTES = 32 * 1024 * 1024;

/**
 * One decoder for the process: it keeps the series it has seen, so a sender's next request
 * (the same series again) decodes without building them anew, which took most of the time.
 */
const decoder = new RemoteWriteDecoder();

export interface Received {
  version: '1.0' | '2.0';
  samples: number;
  histogramsSkipped: number;
  exemplarsSkipped: number;
}

export async function receiveRemoteWrite(db: Db, request: Request): Promise<Received> {
  const body = await readBody(request, MAX_REMOTE_WRITE_BYTES);
  const contentType = request.headers.get('content-type');
  let decoded;
  try {
    decoded = decoder.decode(body, contentType, request.headers.get('content-encoding'));
  } catch (e) {
    if (e instanceof RemoteWriteError) throw new ApiError(e.status, 'remote_write_rejected', e.message);
    throw e;
  }
  if (decoded.samples.length) await appendBody(db.pool, body, contentType, decoded.samples.length);
  return { version: decoded.version, samples: decoded.samples.length, histogramsSkipped: decoded.histogramsSkipped, exemplarsSkipped: decoded.exemplarsSkipped };
}

/** The headers a remote write 2.0 sender requires on success (it counts a 2xx without them as a failure). */
export function writtenHeaders(r: Received): Record<string, string> {
  if (r.version !== '2.0') return {};
  return {
    'X-Prometheus-Remote-Write-Samples-Written': String(r.samples),
    'X-Prometheus-Remote-Write-Histograms-Written': '0',
    'X-Prometheus-Remote-Write-Exemplars-Written': '0',
  };
}
