// Canaries: tests that make the page misbehave on purpose, one way each. They
// are not part of the normal run; tests/harness.spec.ts runs them in a child
// Playwright and checks that the harness fails each one for the right reason.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../harness/browser';

export default defineConfig({
  testDir: '.',
  outputDir: '../artifacts/canaries/test-results',
  retries: 0,
  workers: 1,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'off',
  },
});
