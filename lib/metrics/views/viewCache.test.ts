import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache, viewCacheEnabled } from './viewCache';

test('the cache holds at most its bound, forgetting the least recently used first', () => {
  const cache = new LruCache<number>(3);
  for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
  assert.equal(cache.get('a'), 0);
  cache.set('d', 3);
  assert.equal(cache.size, 3);
  assert.equal(cache.get('b'), undefined, 'b was the least recently used');
  assert.deepEqual([cache.get('a'), cache.get('c'), cache.get('d')], [0, 2, 3]);
  for (let i = 0; i < 100; i++) cache.set(`k${i}`, i);
  assert.equal(cache.size, 3);
  assert.deepEqual({ hits: cache.hits, misses: cache.misses }, { hits: 4, misses: 1 });
});

test('FLEETLEDGER_VIEW_CACHE=off turns the cache off; anything else leaves it on', () => {
  assert.equal(viewCacheEnabled({ FLEETLEDGER_VIEW_CACHE: 'off' }), false);
  assert.equal(viewCacheEnabled({ FLEETLEDGER_VIEW_CACHE: 'on' }), true);
  assert.equal(viewCacheEnabled({}), true);
});
