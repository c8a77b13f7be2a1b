/**
 * The statements of an SQL script, each without its trailing semicolon, in order. Semicolons
 * inside quotes ('…', "…"), dollar quotes ($$…$$, $tag$…$tag$) and comments do not split.
 * A migration runs statement by statement because Citus sends some DDL on a sharded table (CREATE
 * INDEX) to the workers as the whole text it arrived in, which a worker refuses when it holds
 * several commands.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (text && !isOnlyComments(text)) statements.push(text);
  };
  while (i < sql.length) {
    const c = sql[i];
    const tag = c === '$' ? dollarTag(sql, i) : null;
    if (c === "'" || c === '"') i = closing(sql, i + 1, c) + 1;
    else if (c === '-' && sql[i + 1] === '-') i = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') i = blockEnd(sql, i + 2);
    else if (tag !== null) {
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? sql.length : end + tag.length;
    } else if (c === ';') {
      push(i);
      start = ++i;
    } else i++;
  }
  push(sql.length);
  return statements;
}

/** The index of the quote closing a quoted run from `from` (a doubled quote stays inside). */
function closing(sql: string, from: number, quote: string): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i;
    else i++;
  }
  return sql.length;
}

const lineEnd = (sql: string, from: number) => {
  const end = sql.indexOf('\n', from);
  return end < 0 ? sql.length : end + 1;
};

const blockEnd = (sql: string, from: number) => {
  const end = sql.indexOf('*/', from);
  return end < 0 ? sql.length : end + 2;
};

/** `$tag$` starting at `at`, or null when the dollar sign is not an opening quote (a `$1` parameter). */
function dollarTag(sql: string, at: number): string | null {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(at, at + 64));
  if (!m) return null;
  if (at > 0 && /[A-Za-z0-9_]/.test(sql[at - 1])) return null;
  return m[0];
}

function isOnlyComments(text: string): boolean {
  return text.replace(/--[^\n]*(\n|$)/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}
