import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestKey } from './requestTable';

test('a lower-case UUID id is its own key; an upper-case one is lowered', () => {
  assert.equal(requestKey('0f8fad5b-d9cb-469f-a165-70867728950e'), '0f8fad5b-d9cb-469f-a165-70867728950e');
  assert.equal(requestKey('0F8FAD5B-D9CB-469F-A165-70867728950E'), '0f8fad5b-d9cb-469f-a165-70867728950e');
});

test('any other id gets the UUID-shaped md5 of itself', () => {
  assert.equal(requestKey('r1'), '7c92cf1e-ee8d-99cc-85f8-355a3d6e4b86');
  assert.notEqual(requestKey('r1'), requestKey('r2'));
  // Hyphens in the wrong places, or a non-hex digit, are not a UUID.
  assert.notEqual(requestKey('0f8fad5bd-9cb-469f-a165-70867728950e'), '0f8fad5bd-9cb-469f-a165-70867728950e');
  assert.notEqual(requestKey('0f8fad5b-d9cb-469f-a165-70867728950g'), '0f8fad5b-d9cb-469f-a165-70867728950g');
});
