// The browser tests of `make test`: tests/*.spec.ts against the built site.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './harness/browser';

export default defineConfig({
  testDir: 'tests',
  outputDir: 'artifacts/test-results',
  forbidOnly: true,
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
