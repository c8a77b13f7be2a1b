import { defineConfig } from '@playwright/test';

// The app under test: a production build on a fresh, migrated database (e2e/server.ts).
const port = Number(process.env.FLEETLEDGER_E2E_PORT ?? 3100);

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
  projects: [
    { name: 'browser', testIgnore: '**/prometheus.spec.ts', teardown: 'live' },
    { name: 'live', testMatch: '**/prometheus.spec.ts' },
  ],
  webServer: {
    command: `node --import tsx e2e/server.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    // A stale build is rebuilt first (a clean build takes about a minute on two cores).
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Remote write is read after this settle (5 s by default): e2e/prometheus.spec.ts waits less.
    env: { FLEETLEDGER_REMOTE_WRITE_SETTLE_MS: '500' },
    // SIGTERM lets the server drop its database on the way out.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
