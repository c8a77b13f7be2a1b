import { request as playwrightRequest, test as base } from '@playwright/test';

export { expect } from '@playwright/test';

// One page fetch per worker and server: a session's CSRF token lasts as long as the session.
const tokens = new Map<string, Promise<string | null>>();

async function csrfToken(baseURL: string, storageState: string | undefined): Promise<string | null> {
  const context = await playwrightRequest.newContext({ baseURL, storageState });
  try {
    const html = await (await context.get('/tokens')).text();
    return /<meta name="fleetledger-csrf" content="([^"]+)"/.exec(html)?.[1] ?? null;
  } finally {
    await context.dispose();
  }
}

/**
 * The specs' `test`: the signed-in admin of the project's storage state (or sign-in off on the
 * demo server), whose API calls carry the CSRF token a page would send, as the app's own pages do.
 */
export const test = base.extend({
  extraHTTPHeaders: async ({ baseURL, storageState }, use) => {
    const state = typeof storageState === 'string' ? storageState : undefined;
    const key = `${baseURL}|${state ?? ''}`;
    if (!tokens.has(key)) tokens.set(key, csrfToken(baseURL!, state));
    const token = await tokens.get(key)!;
    await use(token ? { 'x-csrf-token': token } : {});
  },
});
