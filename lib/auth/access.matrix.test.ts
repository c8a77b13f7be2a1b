import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PAGES, ROUTES } from './access';

const APP = path.join(process.cwd(), 'app');

function files(dir: string, name: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) files(p, name, out);
    else if (entry.name === name) out.push(p);
  }
  return out;
}

const urlPath = (file: string) => `/${path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => !s.startsWith('(')).join('/')}`.replace(/\/$/, '') || '/';

test('every route handler of the app is in the access table, and asks it', () => {
  const found: string[] = [];
  for (const file of files(APP, 'route.ts')) {
    const source = readFileSync(file, 'utf8');
    for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
      const key = `${method} ${urlPath(file)}`;
      found.push(key);
      assert.ok(source.includes(`authorise(db, request, '${key}')`), `${path.relative(process.cwd(), file)}: ${method} must call authorise with '${key}'`);
    }
  }
  assert.deepEqual(found.sort(), Object.keys(ROUTES).sort());
});

test('every page of the app is in the access table, and guards itself with it', () => {
  const found: string[] = [];
  for (const file of files(APP, 'page.tsx')) {
    const page = urlPath(file);
    found.push(page);
    assert.ok(readFileSync(file, 'utf8').includes(`guardPage('${page}')`), `${path.relative(process.cwd(), file)} must call guardPage('${page}')`);
  }
  assert.deepEqual(found.sort(), Object.keys(PAGES).sort());
});
