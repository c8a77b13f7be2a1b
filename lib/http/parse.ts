import { z } from 'zod';
import { BadRequest } from './errors';
import { MAX_JSON_BYTES, readBody } from './body';
import { issueDetails } from './envelope';
import { issuesText } from './params';

function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new BadRequest(`Invalid ${what}: ${issuesText(result.error)}.`, issueDetails(result.error));
  return result.data;
}

/**
 * The JSON body, validated; a body that is not JSON is a 400 like any invalid field, one over
 * `limit` bytes a 413 before more than the limit is read.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = MAX_JSON_BYTES): Promise<z.output<S>> {
  const text = (await readBody(request, limit)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
  return parseWith(schema, body, 'request body');
}

/** Query parameters, validated; a repeated parameter arrives as an array of its values. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length > 1 ? values : values[0];
  }
  return parseWith(schema, query, 'query parameters');
}

/** A query parameter that may repeat (`?node=a&node=b`): always an array, empty when absent. */
export function queryList<S extends z.ZodType>(item: S) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

/** Dynamic route segments (`context.params`, a promise in Next.js 16), validated. */
export async function parseParams<S extends z.ZodType>(
  context: { params: Promise<unknown> },
  schema: S,
): Promise<z.output<S>> {
  return parseWith(schema, await context.params, 'path parameters');
}
