import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCsvLine } from '@/lib/ingest/csv';
import { csvCell, csvDataUrl, csvLine, neutraliseCell, writeCsv } from './writeCsv';

test('cells holding a comma, quote or line break are quoted, quotes doubled', () => {
  assert.equal(csvLine(['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'plain']), '"a,b","say ""hi""","two\nlines","cr\rhere",plain');
});

test('null is an empty cell, numbers are written as JavaScript writes them, non-finite numbers empty', () => {
  assert.equal(csvLine([null, 0, -12.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY, true]), ',0,-12.5,1e+21,,,true');
});

test('text that a spreadsheet would run as a formula gets a leading single quote', () => {
  for (const text of ['=HYPERLINK("http://x","y")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A2)', '\tx', '\rx', '=1']) {
    assert.equal(neutraliseCell(text), `'${text}`, JSON.stringify(text));
  }
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), '"\'=HYPERLINK(""http://x"",""y"")"');
  assert.equal(csvCell('\rx'), '"\'\rx"');
});

test('a negative number stays a number, as a number or as plain numeric text (a margin in percent)', () => {
  assert.equal(csvCell(-3), '-3');
  assert.equal(csvCell('-3'), '-3');
  assert.equal(csvCell('-545.5%'), '-545.5%');
  assert.equal(csvCell('-1.5e3'), '-1.5e3');
  assert.equal(csvCell('-3 GPUs'), "'-3 GPUs");
  assert.equal(csvCell('-'), "'-");
});

test('harmless text is written unchanged, a formula character inside the text is not at risk', () => {
  assert.equal(csvCell('a=b'), 'a=b');
  assert.equal(csvCell('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(csvCell(''), '');
});

test('a table is a header and one line per row, each ended by a line break, and reads back through the ingest splitter', () => {
  const csv = writeCsv({ columns: ['id', 'note'], rows: [['=1+1', 'a,"b"'], [-2, null]] });
  assert.equal(csv, "id,note\n'=1+1,\"a,\"\"b\"\"\"\n-2,\n");
  const lines = csv.trimEnd().split('\n').map(splitCsvLine);
  assert.deepEqual(lines, [['id', 'note'], ["'=1+1", 'a,"b"'], ['-2', '']]);
});

test('a data URL carries the encoded table', () => {
  const url = csvDataUrl({ columns: ['a b'], rows: [['#']] });
  assert.equal(url, 'data:text/csv;charset=utf-8,a%20b%0A%23%0A');
});
