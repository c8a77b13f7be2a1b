import path from 'node:path';

/** The users e2e/server.ts creates on the signed-in server, one per role. */
export const E2E_PASSWORD = 'e2e password, long enough';
export const E2E_USERS = {
  admin: 'admin@e2e.test',
  finance: 'finance@e2e.test',
  viewer: 'viewer@e2e.test',
} as const;
export type E2eRole = keyof typeof E2E_USERS;

/** Where e2e/auth.setup.ts leaves each user's signed-in browser state. */
export const storageStateOf = (role: E2eRole) => path.join('test-results', '.auth', `${role}.json`);
