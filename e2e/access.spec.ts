import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { test, expect } from './auth';
import { denial, PAGES, ROUTES, type Principal, type RouteKey } from '@/lib/auth/access';
import type { Role, TokenScope } from '@/lib/auth/roles';
import { E2E_PASSWORD, E2E_USERS, storageStateOf, type E2eRole } from './users';

/**
 * The authorisation matrix: every route and page of the access table, asked by nobody, by each
 * role and by a token of each scope, answers as the table says. Allowed calls are sent with
 * arguments that change nothing (unknown ids, empty bodies), so the walk leaves no trace.
 */
const SAMPLE_PARAMS: Record<string, string> = { date: '2025-02-27', id: '999999', view: 'overview', role: 'prefill', month: '2025-02' };
const samplePath = (pattern: string) => pattern.replace(/\[(\w+)\]/g, (_, name: string) => SAMPLE_PARAMS[name]);

// New request contexts start from the project's signed-in state unless told otherwise.
const NO_STATE = { cookies: [], origins: [] };

type Caller = { name: string; principal: Principal; context: () => Promise<APIRequestContext>; csrf?: string };

const ROLES: E2eRole[] = ['viewer', 'finance', 'admin'];
const SCOPES: TokenScope[] = ['read', 'ingest', 'admin'];

async function csrfOf(context: APIRequestContext): Promise<string> {
  const html = await (await context.get('/tokens')).text();
  return /<meta name="fleetledger-csrf" content="([^"]+)"/.exec(html)![1];
}

const principalOfRole = (role: Role): Principal => ({ kind: 'user', user: { id: 0, email: role, role }, sessionId: 0, csrfToken: '' });
const principalOfScope = (scope: TokenScope): Principal => ({ kind: 'token', token: { id: 0, name: scope, scopes: [scope], user: null } });

const routeKeys = Object.keys(ROUTES) as RouteKey[];

/** A session of its own, so that signing out ends no session another test reuses. */
async function freshSession(baseURL: string | undefined, role: E2eRole): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, storageState: NO_STATE });
  const response = await context.post('/api/auth/signin', { data: { email: E2E_USERS[role], password: E2E_PASSWORD } });
  expect(response.status()).toBe(200);
  return context;
}

test.describe.configure({ mode: 'serial' });

test('every route answers each kind of caller as the access table says', async ({ baseURL, request }) => {
  test.setTimeout(180_000);
  const callers: Caller[] = [{ name: 'nobody', principal: { kind: 'anonymous' }, context: () => playwrightRequest.newContext({ baseURL, storageState: NO_STATE }) }];
  for (const role of ROLES) {
    const context = await playwrightRequest.newContext({ baseURL, storageState: storageStateOf(role) });
    callers.push({ name: role, principal: principalOfRole(role), context: async () => context, csrf: await csrfOf(context) });
    const signingOut = await freshSession(baseURL, role);
    callers.push({ name: `${role} signing out`, principal: principalOfRole(role), context: async () => signingOut, csrf: await csrfOf(signingOut) });
  }
  for (const scope of SCOPES) {
    const created = await request.post('/api/tokens', { data: { name: `matrix ${scope}`, scopes: [scope] } });
    expect(created.status()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const context = await playwrightRequest.newContext({ baseURL, storageState: NO_STATE, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    callers.push({ name: `token:${scope}`, principal: principalOfScope(scope), context: async () => context });
  }
  const mismatches: string[] = [];
  for (const key of routeKeys) {
    const [method, pattern] = key.split(' ');
    for (const caller of callers) {
      // Each role signs out on its own session; its shared session walks everything else.
      const signingOut = caller.name.endsWith('signing out');
      if (key.includes('signout') ? ROLES.includes(caller.name as E2eRole) : signingOut) continue;
      const context = await caller.context();
      const response = await context.fetch(samplePath(pattern), {
        method,
        headers: { ...(caller.csrf ? { 'x-csrf-token': caller.csrf } : {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        ...(method === 'GET' || method === 'DELETE' ? {} : { data: '{}' }),
        maxRedirects: 0,
      });
      const expected = denial(caller.principal, ROUTES[key])?.status ?? 'allowed';
      const got = response.status();
      const fits = expected === 'allowed' ? got !== 401 && got !== 403 : got === expected;
      if (!fits) mismatches.push(`${key} as ${caller.name}: expected ${expected}, got ${got} ${(await response.text()).slice(0, 120)}`);
    }
  }
  expect(mismatches).toEqual([]);
});

test('every page answers each role as the access table says; nobody is sent to sign in', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_STATE });
  for (const [pattern, needed] of Object.entries(PAGES)) {
    const response = await anonymous.get(samplePath(pattern), { maxRedirects: 0 });
    if (needed === 'public') expect(response.status(), pattern).toBeLessThan(500);
    else {
      expect(response.status(), pattern).toBe(307);
      expect(response.headers().location, pattern).toContain('/signin?next=');
    }
  }
  for (const role of ROLES) {
    const context = await playwrightRequest.newContext({ baseURL, storageState: storageStateOf(role) });
    for (const [pattern, needed] of Object.entries(PAGES)) {
      if (pattern === '/signin') continue;
      const first = await context.get(samplePath(pattern), { maxRedirects: 0 });
      expect(first.headers().location ?? '', `${pattern} as ${role} is signed in`).not.toContain('/signin');
      const html = await (await context.get(samplePath(pattern))).text();
      const allowed = denial(principalOfRole(role), { role: needed, scope: null }) === null;
      expect(html.includes('data-testid="access-denied"'), `${pattern} as ${role}`).toBe(!allowed);
    }
  }
});

test('another site cannot make changes: a cross-site form, a foreign Origin, a form content type', async ({ page, request, baseURL }) => {
  // Other specs upload meanwhile: count only the jobs this forged form would have opened.
  const forgedJobs = async () =>
    ((await (await request.get('/api/ingest/jobs?limit=500')).json()) as { jobs: { fileName: string }[] }).jobs.filter((j) => j.fileName === 'csrf-forged.jsonl').length;
  // A page on another origin, in the signed-in browser, posting a text/plain form to the upload endpoint.
  await page.route('http://attacker.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="POST" action="${baseURL}/api/ingest?file=csrf-forged.jsonl" enctype="text/plain"><input name='{"ts":"2025-01-01T00:00:00Z","request_id":"csrf"}' value=""></form><script>document.forms[0].submit()</script>`,
    }),
  );
  const posted = page.waitForResponse((r) => r.url().includes('/api/ingest'));
  await page.goto('http://attacker.test/');
  expect([401, 403]).toContain((await posted).status());
  const csrf = await csrfOf(request);
  const forged: Record<string, string>[] = [
    { origin: 'http://attacker.test', 'x-csrf-token': csrf, 'content-type': 'application/json' },
    { 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrf, 'content-type': 'application/json' },
    { 'x-csrf-token': csrf, 'content-type': 'text/plain' },
    { 'x-csrf-token': 'stale', 'content-type': 'application/json' },
  ];
  for (const headers of forged) {
    const response = await request.fetch('/api/settings/day', { method: 'PUT', headers, data: '{"timeZone":"Pacific/Kiritimati","dayStart":"00:00"}' });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
  }
  expect(await forgedJobs()).toBe(0);
});

test('a host name this server does not answer to is refused (DNS rebinding), and answers carry the security headers', async ({ request }) => {
  const rebound = await request.get('/api/health', { headers: { host: 'attacker.test' } });
  expect(rebound.status()).toBe(421);
  const page = await request.get('/');
  expect(page.headers()['x-frame-options']).toBe('DENY');
  expect(page.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'.*|script-src 'self' 'nonce-/);
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
});
