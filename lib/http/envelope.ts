import { ZodError } from 'zod';
import { ApiError, BadRequest, Busy, QueryTimeout, TooManyRequests, Unavailable } from './errors';

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

/**
 * SQLSTATE 57014: a statement cancelled, by the read path's statement_timeout. From pg it is the
 * error's code; from Prisma it is the driver adapter error inside (`meta.driverAdapterError`,
 * whose cause carries `originalCode`).
 */
export function isStatementTimeout(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  if (error instanceof AggregateError && error.errors.some((e) => isStatementTimeout(e, depth + 1))) return true;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (e.code === '57014' || e.originalCode === '57014') return true;
  return isStatementTimeout(e.cause, depth + 1) || isStatementTimeout(e.meta?.driverAdapterError, depth + 1);
}

/** Maps anything thrown by a handler onto an ApiError; unexpected errors become a bare 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isStatementTimeout(error)) return new QueryTimeout();
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
