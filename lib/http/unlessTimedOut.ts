import { toApiError } from './envelope';
import { QueryTimeout } from './errors';

/**
 * A page's data, or the read timeout that cut it. Pages cannot answer 503 with the error
 * envelope, and Next.js hides a thrown error's message in production; a page shows this one in
 * place of its figures instead. Every other error is thrown on.
 */
export async function unlessTimedOut<T>(load: Promise<T>): Promise<{ value: T } | { timedOut: QueryTimeout }> {
  try {
    return { value: await load };
  } catch (e) {
    const apiError = toApiError(e);
    if (apiError instanceof QueryTimeout) return { timedOut: apiError };
    throw e;
  }
}
