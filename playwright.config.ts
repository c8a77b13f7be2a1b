import { defineConfig } from '@playwright/test';

// The app under test: a production build on a fresh, migrated database (e2e/server.ts); and
// the same build on a second database holding the demo day, as a new user's `npm start` shows it.
const port = Number(process.env.FLEETLEDGER_E2E_PORT ?? 3100);
export const demoPort = port + 1;
const server = (p: number, demo: boolean) => ({
  command: `node --import tsx e2e/server.ts --port ${p}${demo ? ' --demo' : ''}`,
  url: `http://127.0.0.1:${p}/api/health`,
  reuseExistingServer: false,
  // A stale build is rebuilt first (a clean build takes about a minute on two cores); servers
  // start one after the other, so the demo's finds the build made.
  timeout: 300_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  // Remote write is read after this settle (5 s by default): e2e/prometheus.spec.ts waits less.
  env: { FLEETLEDGER_REMOTE_WRITE_SETTLE_MS: '500' },
  // SIGTERM lets the server drop its database on the way out.
  gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
});

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  reporter: 'list',
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium, never a downloaded browser.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // e2e/prometheus.spec.ts writes live data into the shared database, which ends the stale-data
  // banner other specs expect over their past fleets: it runs after them ('live' as the
  // teardown of 'browser', which runs even when a browser test fails; `--no-deps` leaves it out).
  // The demo-*.spec.ts files run against the demo server.
  // The main server runs with sign-in on: 'setup' signs its users in and the specs run as its
  // admin (e2e/access.spec.ts as each role); the demo server runs with sign-in off, as a first
  // `npm start` does.
  projects: [
    { name: 'setup', testMatch: '**/auth.setup.ts' },
    {
      name: 'browser',
      testIgnore: ['**/prometheus.spec.ts', '**/demo-*.spec.ts'],
      teardown: 'live',
      dependencies: ['setup'],
      use: { storageState: 'test-results/.auth/admin.json' },
    },
    { name: 'live', testMatch: '**/prometheus.spec.ts', use: { storageState: 'test-results/.auth/admin.json' } },
    { name: 'demo', testMatch: '**/demo-*.spec.ts', use: { baseURL: `http://127.0.0.1:${demoPort}` } },
  ],
  webServer: [server(port, false), server(demoPort, true)],
});
