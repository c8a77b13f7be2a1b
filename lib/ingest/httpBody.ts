import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { ApiError, BadRequest } from '@/lib/http/errors';
import { BadGzip, BodyFault, ClientGone } from './bodyFaults';
import { ingestStream, type FileSummary, type IngestOptions } from './ingest';
import type { ByteSource } from './read';

/** Query parameters of an ingest upload (the body is the file itself). */
export const IngestQuery = z.object({
  file: z.string().trim().min(1).max(500).default('upload'),
  replace: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  trace_start: z.iso.datetime({ offset: true }).optional(),
  /** The time of a Prometheus scrape whose samples carry no timestamp. */
  scrape_time: z.iso.datetime({ offset: true }).optional(),
});
export type IngestQuery = z.output<typeof IngestQuery>;

function bodyLength(request: Request): number | undefined {
  const length = Number(request.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * The socket's bytes; a disconnect (the stream errors, or the request's signal aborts while a
 * read waits) ends them with ClientGone instead of an `aborted` error nobody listens to.
 */
async function* requestBytes(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<Buffer> {
  const reader = body.getReader();
  const gone = new Promise<never>((_, reject) => {
    const abort = () => reject(new ClientGone());
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
  gone.catch(() => undefined);
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await Promise.race([reader.read(), gone]);
      } catch {
        throw new ClientGone();
      }
      if (next.done) return;
      yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

const isZlibError = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('Z_');

/**
 * The body as the ingest reads it: socket → gunzip (when declared) joined by stream.pipeline,
 * so a fault in any stage destroys every stage and surfaces once, as a BodyFault, to the reader.
 */
export function uploadStream(request: Request, encoding: 'identity' | 'gzip'): { input: ByteSource; fault: () => BodyFault | undefined } {
  if (!request.body) throw new BadRequest('The request has no body: send the file as the body.');
  let fault: BodyFault | undefined;
  const toFault = (e: unknown): unknown => {
    if (e instanceof BodyFault) return (fault ??= e);
    if (isZlibError(e)) return (fault ??= new BadGzip((e as Error).message));
    return e;
  };
  const source = Readable.from(requestBytes(request.body, request.signal));
  const output: Readable = encoding === 'gzip' ? pipeline(source, createGunzip(), () => undefined) : source;
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of output) yield chunk as Buffer;
    } catch (e) {
      throw toFault(e);
    }
  }
  const input = Object.assign(bytes(), { destroy: () => output.destroy() });
  return { input, fault: () => fault };
}

/** The answer to an upload stopped by its body; the job (when one was opened) is already marked failed with the reason. */
function faultError(fault: BodyFault, summary: FileSummary): ApiError {
  const details = summary.jobId ? { jobId: summary.jobId } : undefined;
  if (fault instanceof ClientGone) return new ApiError(499, 'client_closed', `The upload was cut off: ${fault.message}.`, details);
  return new BadRequest(`The upload was refused: ${fault.message}.`, details);
}

/**
 * Streams an HTTP request body into the ingest: never buffered whole, `Content-Encoding: gzip`
 * undone here (a gzip file inside is then recognised by its content like on the CLI).
 */
export async function ingestRequestBody(
  db: Db,
  request: Request,
  query: IngestQuery,
  channel: IngestOptions['channel'],
): Promise<FileSummary> {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw new BadRequest(`Content-Encoding ${encoding} is not supported (use gzip or none).`);
  const { input, fault } = uploadStream(request, encoding);
  const summary = await ingestStream(db, input, {
    fileName: query.file,
    channel,
    replace: query.replace,
    traceStart: query.trace_start ? Date.parse(query.trace_start) : undefined,
    scrapeTime: query.scrape_time ? Date.parse(query.scrape_time) : undefined,
    // The ingest counts the bytes it is given: the body's length only when nothing inflates it.
    totalBytes: encoding === 'identity' ? bodyLength(request) : undefined,
  });
  const stopped = fault();
  if (stopped) throw faultError(stopped, summary);
  return summary;
}
