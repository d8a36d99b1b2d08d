// The frame-rate probe (scripts/perf.sh): perf/*.spec.ts against the built site.
// Kept out of `make test`: it measures, and the machine it runs on matters.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './harness/browser';

export default defineConfig({
  testDir: 'perf',
  outputDir: 'artifacts/perf-results',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  timeout: 120_000,
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1280, height: 800 },
    trace: 'off',
  },
});
