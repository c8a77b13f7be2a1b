import { ZodError } from 'zod';
import { ApiError, BadRequest, Busy, TooManyRequests, Unavailable } from './errors';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** The body of every error response. */
export interface ErrorEnvelope {
  error: ErrorBody;
}

export interface IssueDetail {
  path: string;
  code: string;
  message: string;
}

/** Zod issues as clients read them: a dotted path to the field, a code and a message. */
export function issueDetails(error: ZodError): IssueDetail[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
}

// Node socket errors and SQLSTATE classes 08 (connection exception) and 57P (operator
// intervention: shutdown, cannot connect now): the database is down, not the request wrong.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^(08|57P)/.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnreachable);
  return /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
}

/** Maps anything thrown by a handler onto an ApiError; unexpected errors become a bare 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return new BadRequest('The request is invalid.', issueDetails(error));
  if (isDatabaseUnreachable(error)) return new Unavailable('The database is unreachable.');
  return new ApiError(500, 'internal', 'Internal server error.');
}

export function errorResponse(error: ApiError): Response {
  const body: ErrorEnvelope = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (error instanceof TooManyRequests || error instanceof Busy) headers['retry-after'] = String(error.retryAfterSeconds);
  return Response.json(body, { status: error.status, headers });
}
