import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitStatements } from './sqlStatements';
import { listMigrations } from './migrate';

test('statements split at semicolons, and not inside quotes, dollar quotes or comments', () => {
  const sql = `-- a comment; not a statement
CREATE TABLE "a;b" (x text DEFAULT 'it''s; fine');
/* block; comment */ INSERT INTO t VALUES ('x');
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT $1; $body$
-- trailing`;
  assert.deepEqual(splitStatements(sql), [
    `-- a comment; not a statement\nCREATE TABLE "a;b" (x text DEFAULT 'it''s; fine')`,
    `/* block; comment */ INSERT INTO t VALUES ('x')`,
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$',
    'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT $1; $body$\n-- trailing',
  ]);
});

test('every migration splits into statements that end where its semicolons do', () => {
  for (const m of listMigrations()) {
    const parts = splitStatements(m.sql);
    assert.ok(parts.length > 0, m.name);
    for (const p of parts) assert.ok(!p.endsWith(';'), `${m.name}: ${p.slice(0, 40)}`);
  }
  const views = listMigrations().find((m) => m.name.endsWith('_request_hist_arrays'));
  const fn = splitStatements(views?.sql ?? '').find((s) => s.includes('CREATE FUNCTION hist_add'));
  assert.ok(fn?.endsWith('$$') && fn.includes('generate_series'), 'the function body stays in one statement');
});
