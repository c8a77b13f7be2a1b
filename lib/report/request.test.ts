import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportFileName } from './request';

test('a download is named for its date, and for its version once the day is closed', () => {
  assert.equal(reportFileName({ date: '2025-02-27', version: null }, 'csv'), 'fleetledger-2025-02-27.csv');
  assert.equal(reportFileName({ date: '2025-02-27', version: 2 }, 'pdf'), 'fleetledger-2025-02-27-v2.pdf');
});
