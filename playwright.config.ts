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
  webServer: {
    command: `node --import tsx e2e/server.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    // A stale build is rebuilt first (a clean build takes about a minute on two cores).
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // SIGTERM lets the server drop its database on the way out.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
