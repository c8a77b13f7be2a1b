import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseJsonBody, parseParams, parseQuery, queryList } from './parse';
import { BadRequest, TooLarge } from './errors';

const post = (body: string) => new Request('http://localhost/api/x', { method: 'POST', body });

test('parseJsonBody returns the validated, transformed body', async () => {
  const schema = z.object({ name: z.string().trim().min(1) });
  assert.deepEqual(await parseJsonBody(post('{"name":"  ops  "}'), schema), { name: 'ops' });
});

test('parseJsonBody rejects a body that is not JSON with a 400', async () => {
  await assert.rejects(parseJsonBody(post('{oops'), z.object({})), (e: unknown) => {
    assert.ok(e instanceof BadRequest);
    assert.match(e.message, /not valid JSON/);
    return true;
  });
});

test('parseJsonBody lists the invalid fields as details', async () => {
  const schema = z.object({ name: z.string(), limit: z.number() });
  await assert.rejects(parseJsonBody(post('{"limit":"ten"}'), schema), (e: unknown) => {
    assert.ok(e instanceof BadRequest);
    assert.deepEqual((e.details as { path: string }[]).map((d) => d.path).sort(), ['limit', 'name']);
    return true;
  });
});

test('parseQuery coerces with the schema and collects repeated parameters into arrays', () => {
  const schema = z.object({ limit: z.coerce.number().int().max(100), node: queryList(z.string()) });
  const parse = (qs: string) => parseQuery(new Request(`http://localhost/api/x?${qs}`), schema);
  assert.deepEqual(parse('limit=20&node=a&node=b'), { limit: 20, node: ['a', 'b'] });
  assert.deepEqual(parse('limit=20&node=a'), { limit: 20, node: ['a'] });
  assert.deepEqual(parse('limit=20'), { limit: 20, node: [] });
});

test('parseQuery rejects out-of-range values', () => {
  const schema = z.object({ limit: z.coerce.number().max(100) });
  assert.throws(() => parseQuery(new Request('http://localhost/?limit=500'), schema), BadRequest);
});

test('parseParams validates the awaited route parameters', async () => {
  const schema = z.object({ id: z.coerce.bigint().positive() });
  assert.deepEqual(await parseParams({ params: Promise.resolve({ id: '42' }) }, schema), { id: 42n });
  await assert.rejects(parseParams({ params: Promise.resolve({ id: 'x' }) }, schema), BadRequest);
});

test('parseJsonBody refuses a body over its limit with 413', async () => {
  await assert.rejects(parseJsonBody(post(`{"name":"${'x'.repeat(2000)}"}`), z.object({ name: z.string() }), 1000), (e: unknown) => {
    assert.ok(e instanceof TooLarge);
    assert.match(e.message, /limit of 1000 bytes/);
    return true;
  });
});
