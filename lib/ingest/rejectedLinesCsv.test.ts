import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rejectedLinesCsv } from './rejectedLinesCsv';

test('rejected lines as CSV: one row per line, formula cells in the message or file name neutralised', () => {
  const csv = rejectedLinesCsv({
    file: '=HYPERLINK("http://evil","x").jsonl',
    errors: [
      { line: 2, field: 'model', message: '+cmd is not a known model' },
      { line: 3, field: null, message: 'not valid JSON' },
    ],
  });
  assert.equal(csv, [
    'file,line,field,message',
    '"\'=HYPERLINK(""http://evil"",""x"").jsonl",2,model,\'+cmd is not a known model',
    '"\'=HYPERLINK(""http://evil"",""x"").jsonl",3,,not valid JSON',
    '',
  ].join('\n'));
});
