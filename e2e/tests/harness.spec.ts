// Tests of the harness itself: it must fail a test for each kind of problem
// (console error, uncaught exception, wasm panic, external request), and only
// then. It runs the canaries in a child Playwright and reads its JSON report.
import { test, expect } from '../harness/fixtures';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const E2E_DIR = path.join(__dirname, '..');
const CANARY_ARTIFACTS = path.join(E2E_DIR, 'artifacts', 'canaries');

// For each canary: what the failure message must contain.
const MUST_FAIL_WITH: Record<string, string[]> = {
  'console error': ['[console error] canary: console error'],
  'uncaught exception': ['[uncaught exception] Error: canary: uncaught exception'],
  'external request': ['[external request] GET http://127.0.0.2:9/canary'],
  // The release build's panics carry no message: the trap, in the app's start.
  'wasm panic': ['[wasm panic] RuntimeError: unreachable', 'at __wbg_finalize_init'],
};

interface Outcome {
  status: string;
  message: string;
}

interface JsonSuite {
  specs?: { title: string; tests: { results: { status: string; errors: { message?: string }[] }[] }[] }[];
  suites?: JsonSuite[];
}

function outcomes(suite: JsonSuite, into = new Map<string, Outcome>()): Map<string, Outcome> {
  for (const spec of suite.specs ?? []) {
    const results = spec.tests.flatMap((t) => t.results);
    into.set(spec.title, {
      status: results.map((r) => r.status).join(','),
      message: results.flatMap((r) => r.errors.map((e) => e.message ?? '')).join('\n'),
    });
  }
  for (const child of suite.suites ?? []) {
    outcomes(child, into);
  }
  return into;
}

function runCanaries(report: string): Promise<{ code: number | null; output: string }> {
  // A clean environment for the child: none of this worker's Playwright variables.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TEST_') && !key.startsWith('PW_')),
  );
  const child = spawn(
    process.execPath,
    [require.resolve('@playwright/test/cli'), 'test', '--config', 'canaries/playwright.config.ts', '--reporter', 'json'],
    {
      cwd: E2E_DIR,
      env: { ...env, E2E_ARTIFACTS_DIR: CANARY_ARTIFACTS, PLAYWRIGHT_JSON_OUTPUT_NAME: report, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

test('fails a test for each kind of problem, and passes a clean one', async () => {
  test.setTimeout(180_000);
  rmSync(CANARY_ARTIFACTS, { recursive: true, force: true });
  const report = path.join(CANARY_ARTIFACTS, 'report.json');

  const { code, output } = await runCanaries(report);
  expect(code, output).toBe(1);
  const byTitle = outcomes(JSON.parse(readFileSync(report, 'utf8')));

  expect(byTitle.get('clean page'), 'the control canary').toEqual({ status: 'passed', message: '' });
  for (const [title, fragments] of Object.entries(MUST_FAIL_WITH)) {
    const outcome = byTitle.get(title);
    expect(outcome?.status, title).toBe('failed');
    for (const fragment of fragments) {
      expect(outcome?.message, title).toContain(fragment);
    }
  }
  const screenshots = readdirSync(CANARY_ARTIFACTS).filter((name) => name.endsWith('.png'));
  expect(screenshots.sort()).toEqual(
    ['clean page', ...Object.keys(MUST_FAIL_WITH)].map((title) => `canaries--${title.replace(/ /g, '-')}.png`).sort(),
  );
});

test('every browser test gets the shared fixtures', () => {
  for (const dir of ['tests', 'canaries']) {
    for (const name of readdirSync(path.join(E2E_DIR, dir)).filter((n) => n.endsWith('.spec.ts'))) {
      const source = readFileSync(path.join(E2E_DIR, dir, name), 'utf8');
      expect(source, `${dir}/${name}`).toMatch(/^import .* from '\.\.\/harness\/fixtures';$/m);
      expect(source, `${dir}/${name}`).not.toMatch(/from ['"]@playwright\/test['"]/);
    }
  }
});
