import { ApiError, BadRequest, TooLarge } from './errors';

/** The default limit of a JSON request body: settings, sign-in, tokens are all far smaller. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * A request body read whole, refused with 413 past `limit` bytes as it streams in: the declared
 * Content-Length is checked first, and counting stops at the first chunk over the limit, so a
 * huge body is never buffered.
 */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new TooLarge(`The body is ${declared} bytes; the limit is ${limit} bytes.`);
  if (!request.body) throw new BadRequest('The request has no body.');
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        throw new ApiError(499, 'client_closed', 'The client went away before the end of the body.');
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limit) throw new TooLarge(`The body is over the limit of ${limit} bytes.`);
      chunks.push(Buffer.from(next.value));
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}
