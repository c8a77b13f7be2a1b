/**
 * Errors a route handler may throw; `route()` turns each into the one error envelope every
 * endpoint answers with: `{ error: { code, message, details? } }` and the matching status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends ApiError {
  constructor(message = 'The request is invalid.', details?: unknown) {
    super(400, 'bad_request', message, details);
  }
}

export class Unauthorized extends ApiError {
  constructor(message = 'A valid API token is required.') {
    super(401, 'unauthorized', message);
  }
}

export class Forbidden extends ApiError {
  constructor(message = 'This token may not do that.') {
    super(403, 'forbidden', message);
  }
}

export class NotFound extends ApiError {
  constructor(message = 'Not found.') {
    super(404, 'not_found', message);
  }
}

export class Conflict extends ApiError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}

/** A body over the route's limit; the message names the limit. */
export class TooLarge extends ApiError {
  constructor(message: string) {
    super(413, 'too_large', message);
  }
}

export class Unavailable extends ApiError {
  constructor(message = 'The service is unavailable.', details?: unknown) {
    super(503, 'unavailable', message, details);
  }
}

/** A read cut by the statement timeout: the range asked for costs more than one request may. */
export class QueryTimeout extends ApiError {
  constructor(message = 'The query took too long: narrow the range (or choose a longer step) and try again.') {
    super(503, 'query_timeout', message);
  }
}

export class TooManyRequests extends ApiError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(429, 'too_many_requests', message);
  }
}

/** A Host header this server does not answer to (DNS rebinding, or a missing FLEETLEDGER_ALLOWED_HOSTS entry). */
export class Misdirected extends ApiError {
  constructor(host: string | null) {
    super(421, 'misdirected', `This server does not answer to the host name "${host ?? ''}" (set FLEETLEDGER_ALLOWED_HOSTS).`);
  }
}

/** The server is at capacity for this kind of work; the client should come back after `retryAfterSeconds`. */
export class Busy extends ApiError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(503, 'busy', message, { retryAfterSeconds });
  }
}
