import { errorResponse, toApiError } from './envelope';
import { QueryTimeout } from './errors';

type Handler<C> = (request: Request, context: C) => Response | Promise<Response>;

/**
 * Wraps a route handler so that whatever it throws answers with the error envelope.
 * Server faults (5xx) are logged with their cause (a read cut by its timeout in one line); client
 * errors are not.
 */
export function route<C = unknown>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) console.error(`${request.method} ${new URL(request.url).pathname}:`, apiError instanceof QueryTimeout ? apiError.message : error);
      return errorResponse(apiError);
    }
  };
}
