import { BadRequest, ApiError } from '@/lib/http/errors';

/** A request body read whole, refused past `limit` bytes without reading the rest. */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new ApiError(413, 'too_large', `The body is ${declared} bytes; the limit is ${limit}.`);
  if (!request.body) throw new BadRequest('The request has no body.');
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError(413, 'too_large', `The body is over the limit of ${limit} bytes.`);
    }
    chunks.push(Buffer.from(next.value));
  }
  return Buffer.concat(chunks, size);
}
