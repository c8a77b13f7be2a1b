import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfProblem } from './csrf';

const post = (headers: Record<string, string>, body: string | null = '{}') =>
  new Request('http://127.0.0.1:3000/api/settings/day', { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers }, body });

test('a same-origin request with the token passes', () => {
  assert.equal(csrfProblem(post({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-csrf-token': 't' }), 't'), null);
});

test('another site is refused by Sec-Fetch-Site or by Origin, token or not', () => {
  assert.match(csrfProblem(post({ 'sec-fetch-site': 'cross-site', 'x-csrf-token': 't' }), 't') ?? '', /cross-site/);
  assert.match(csrfProblem(post({ origin: 'http://evil.example', 'x-csrf-token': 't' }), 't') ?? '', /evil\.example/);
  assert.match(csrfProblem(post({ origin: 'null', 'x-csrf-token': 't' }), 't') ?? '', /opaque/);
});

test('form content types are refused: a cross-site form can send nothing else', () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    assert.match(csrfProblem(post({ 'content-type': type, 'x-csrf-token': 't' }, 'a=1'), 't') ?? '', /Refused a/);
  }
});

test('a missing or wrong token is refused; none is needed before sign-in', () => {
  assert.match(csrfProblem(post({ 'content-type': 'application/json' }), 't') ?? '', /x-csrf-token/);
  assert.match(csrfProblem(post({ 'content-type': 'application/json', 'x-csrf-token': 'u' }), 't') ?? '', /x-csrf-token/);
  assert.equal(csrfProblem(post({ 'content-type': 'application/json' }), null), null);
});
