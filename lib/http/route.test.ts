import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { route } from './route';
import { BadRequest, Busy, Conflict, Forbidden, NotFound, Unauthorized, Unavailable } from './errors';
import type { ErrorEnvelope } from './envelope';

const request = (url = 'http://localhost/api/x') => new Request(url);

async function answer(thrown: unknown): Promise<{ status: number; body: ErrorEnvelope }> {
  const handler = route(() => {
    throw thrown;
  });
  const response = await handler(request(), {});
  return { status: response.status, body: (await response.json()) as ErrorEnvelope };
}

test('a handler that returns is answered unchanged', async () => {
  const response = await route(() => Response.json({ ok: true }, { status: 201 }))(request(), {});
  assert.equal(response.status, 201);
  assert.deepEqual(await response.json(), { ok: true });
});

test('each ApiError answers with its status and code in the envelope', async () => {
  const cases: [Error, number, string][] = [
    [new BadRequest('no'), 400, 'bad_request'],
    [new Unauthorized(), 401, 'unauthorized'],
    [new Forbidden(), 403, 'forbidden'],
    [new NotFound('no such job'), 404, 'not_found'],
    [new Conflict('job is running'), 409, 'conflict'],
    [new Unavailable(), 503, 'unavailable'],
  ];
  for (const [error, status, code] of cases) {
    const { status: got, body } = await answer(error);
    assert.equal(got, status);
    assert.deepEqual(body, { error: { code, message: error.message } });
  }
});

test('details are passed through when present', async () => {
  const { body } = await answer(new Conflict('job is running', { jobId: 7 }));
  assert.deepEqual(body.error.details, { jobId: 7 });
});

test('a ZodError thrown by a handler is a 400 listing each issue with its path', async () => {
  const schema = z.object({ limit: z.number().int(), range: z.object({ from: z.string() }) });
  const parsed = schema.safeParse({ limit: 1.5, range: {} });
  assert.equal(parsed.success, false);
  const { status, body } = await answer(parsed.error);
  assert.equal(status, 400);
  assert.equal(body.error.code, 'bad_request');
  const details = body.error.details as { path: string; code: string }[];
  assert.deepEqual(details.map((d) => d.path).sort(), ['limit', 'range.from']);
});

test('an unreachable database is a 503, not a 500', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5'), { code: 'ECONNREFUSED' });
  assert.equal((await answer(refused)).status, 503);
  const shuttingDown = Object.assign(new Error('terminating connection'), { code: '57P01' });
  assert.equal((await answer(shuttingDown)).body.error.code, 'unavailable');
});

test('a statement cut by the read timeout (SQLSTATE 57014) is a 503 that says to narrow the range', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
  for (const thrown of [cancelled, new Error('query failed', { cause: cancelled }), new AggregateError([cancelled])]) {
    const { status, body } = await answer(thrown);
    assert.equal(status, 503);
    assert.equal(body.error.code, 'query_timeout');
    assert.match(body.error.message, /took too long: narrow the range/);
  }
});

test('an unexpected error is a 500 that does not leak its message', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const { status, body } = await answer(new Error('password=secret in a stack'));
  assert.equal(status, 500);
  assert.deepEqual(body, { error: { code: 'internal', message: 'Internal server error.' } });
});

test('error responses are never cached', async () => {
  const response = await route(() => {
    throw new NotFound();
  })(request(), {});
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
});

test('a server at capacity is a 503 saying when to retry, in the header and the envelope', async () => {
  const response = await route(() => {
    throw new Busy('2 PDFs are being printed and 8 are waiting: try again in 10 s.', 10);
  })(request(), {});
  assert.equal(response.status, 503);
  assert.equal(response.headers.get('retry-after'), '10');
  assert.deepEqual(await response.json(), { error: { code: 'busy', message: '2 PDFs are being printed and 8 are waiting: try again in 10 s.', details: { retryAfterSeconds: 10 } } });
});
