import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as setup, expect } from '@playwright/test';
import { E2E_PASSWORD, E2E_USERS, storageStateOf, type E2eRole } from './users';

/** Signs each e2e user in once; the specs reuse the sessions. */
for (const role of Object.keys(E2E_USERS) as E2eRole[]) {
  setup(`sign in as ${role}`, async ({ request }) => {
    const response = await request.post('/api/auth/signin', { data: { email: E2E_USERS[role], password: E2E_PASSWORD } });
    expect(response.status()).toBe(200);
    mkdirSync(path.dirname(storageStateOf(role)), { recursive: true });
    await request.storageState({ path: storageStateOf(role) });
  });
}
