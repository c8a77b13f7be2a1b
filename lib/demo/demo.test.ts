import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayWindow } from '@/lib/time/day';
import { DEMO_DAY, DEMO_SETTINGS } from './demo';

test('the demo day named to the report page is exactly the window the demo covers', () => {
  assert.deepEqual(dayWindow(DEMO_DAY.date, DEMO_DAY.timeZone, DEMO_DAY.dayStart), DEMO_SETTINGS.profile.window);
});
