import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { ApiError, BadRequest, TooLarge } from '@/lib/http/errors';
import { BadGzip, BodyFault, ClientGone } from './bodyFaults';
import { InflateBudget, InflateLimitExceeded } from './inflateBudget';
import { recordUpload } from './jobAudit';
import { ingestStream, type FileSummary, type IngestOptions } from './ingest';
import type { ByteSource } from './read';
import { ingestOffThread, ingestThreadEntry } from './worker/offThread';

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

// What is read and thrown away after the ingest stops early, so that the answer saying why is
// not lost: closing a socket with unread bytes resets it, and the client never sees the answer.
const DISCARD_BYTES = 64 * 1024 * 1024;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let discarded = 0;
  try {
    while (discarded < DISCARD_BYTES) {
      const next = await reader.read();
      if (next.done) return;
      discarded += next.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away meanwhile: nothing left to discard.
  }
}

/**
 * The socket's bytes; a disconnect (the stream errors, or the request's signal aborts while a
 * read waits) ends them with ClientGone instead of an `aborted` error nobody listens to. The
 * abort cancels the reader, which settles a waiting read: racing every read against one promise
 * that lives as long as the request kept every chunk reachable until the upload ended.
 */
async function* requestBytes(body: ReadableStream<Uint8Array>, signal: AbortSignal, budget?: InflateBudget): AsyncGenerator<Buffer> {
  const reader = body.getReader();
  let gone = false;
  const cancel = () => {
    gone = true;
    reader.cancel(new ClientGone()).catch(() => undefined);
  };
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  let open = true;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        open = false;
        throw new ClientGone();
      }
      if (next.done) {
        open = false;
        if (gone) throw new ClientGone();
        return;
      }
      budget?.addCompressed(next.value.byteLength);
      yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    if (open) void discardRest(reader);
    else reader.releaseLock();
  }
}

const isZlibError = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('Z_');

/**
 * The body as the ingest reads it: socket → gunzip → inflate meter (when gzip is declared) joined
 * by stream.pipeline, so a fault in any stage destroys every stage and surfaces once, as a
 * BodyFault, to the reader.
 */
export function uploadStream(
  request: Request,
  encoding: 'identity' | 'gzip',
  budget = new InflateBudget(),
): { input: ByteSource; fault: () => BodyFault | undefined } {
  if (!request.body) throw new BadRequest('The request has no body: send the file as the body.');
  let fault: BodyFault | undefined;
  const toFault = (e: unknown): unknown => {
    if (e instanceof BodyFault) return (fault ??= e);
    if (isZlibError(e)) return (fault ??= new BadGzip((e as Error).message));
    return e;
  };
  const gzip = encoding === 'gzip';
  const source = Readable.from(requestBytes(request.body, request.signal, gzip ? budget : undefined));
  const output: Readable = gzip ? pipeline(source, createGunzip(), budget.meter(), () => undefined) : source;
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of output) yield chunk as Buffer;
    } catch (e) {
      throw toFault(budget.exceeded ?? e);
    }
  }
  const input = Object.assign(bytes(), { destroy: () => output.destroy() });
  return { input, fault: () => fault ?? budget.exceeded };
}

/** The answer to an upload stopped by its body; the job (when one was opened) is already marked failed with the reason. */
function faultError(fault: BodyFault, summary: FileSummary): ApiError {
  const details = summary.jobId ? { jobId: summary.jobId } : undefined;
  if (fault instanceof ClientGone) return new ApiError(499, 'client_closed', `The upload was cut off: ${fault.message}.`, details);
  if (fault instanceof InflateLimitExceeded) return new TooLarge(`The upload was refused: ${fault.message}.`);
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
  actor: string,
): Promise<FileSummary> {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw new BadRequest(`Content-Encoding ${encoding} is not supported (use gzip or none).`);
  // One budget for either gzip layer: the declared encoding, or a gzip file sent as it is.
  const budget = new InflateBudget();
  const { input, fault } = uploadStream(request, encoding, budget);
  const options = {
    fileName: query.file,
    channel,
    replace: query.replace,
    traceStart: query.trace_start ? Date.parse(query.trace_start) : undefined,
    scrapeTime: query.scrape_time ? Date.parse(query.scrape_time) : undefined,
    // The ingest counts the bytes it is given: the body's length only when nothing inflates it.
    totalBytes: encoding === 'identity' ? bodyLength(request) : undefined,
  };
  const entry = ingestThreadEntry();
  const { summary, inflateExceeded } = entry
    ? await ingestOffThread(db, input, { ...options, meterInflation: encoding === 'identity' }, entry)
    : { summary: await ingestStream(db, input, { ...options, inflateBudget: encoding === 'identity' ? budget : undefined }), inflateExceeded: undefined };
  const stopped = fault() ?? (inflateExceeded ? new InflateLimitExceeded(inflateExceeded) : undefined);
  await recordUpload(db, actor, stopped ? { ...summary, error: stopped.message } : summary);
  if (stopped) throw faultError(stopped, summary);
  return summary;
}
