import { defineConfig } from '@playwright/test';

// scripts/test.sh builds the app, then runs these journeys against the real server
// (started below with a fresh SQLite database and demo data) in Debian's Chromium.
const port = process.env.E2E_PORT ?? '3111';
const serverCommand = process.env.E2E_SERVER_COMMAND;
if (!serverCommand) {
  throw new Error('E2E_SERVER_COMMAND is not set: run the browser tests through scripts/test.sh');
}
// A second server over the demo data plus bulk data (`server seed-scale`), for journeys
// through long lists that come in pages. scripts/test.sh sets both.
const scalePort = process.env.E2E_SCALE_PORT ?? '3112';
const scaleCommand = process.env.E2E_SCALE_COMMAND;
export const scaleURL = `http://127.0.0.1:${scalePort}`;
// A third server whose sessions end after one idle minute (a form sent after the session ended).
const shortPort = process.env.E2E_SHORT_PORT ?? '3113';
const shortCommand = process.env.E2E_SHORT_COMMAND;
export const shortSessionURL = `http://127.0.0.1:${shortPort}`;
// E2E_WITHOUT_JS=1: every journey again with JavaScript turned off (scripts/test.sh runs
// both passes, each on fresh databases).
const withoutJs = process.env.E2E_WITHOUT_JS === '1';

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_RESULTS ?? '.tmp/results.json' }]],
  outputDir: '.tmp/test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    javaScriptEnabled: !withoutJs,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: withoutJs ? 'chromium-without-javascript' : 'chromium' }],
  webServer: [
    {
      command: serverCommand,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    ...(scaleCommand
      ? [{
          command: scaleCommand,
          url: `${scaleURL}/healthz`,
          reuseExistingServer: false,
          timeout: 300_000,
          stdout: 'ignore' as const,
          stderr: 'pipe' as const,
        }]
      : []),
    ...(shortCommand
      ? [{
          command: shortCommand,
          url: `${shortSessionURL}/healthz`,
          reuseExistingServer: false,
          timeout: 120_000,
          stdout: 'ignore' as const,
          stderr: 'pipe' as const,
        }]
      : []),
  ],
});
