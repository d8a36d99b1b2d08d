// The fixtures every browser test gets. Import `test` and `expect` from here,
// never from '@playwright/test' (tests/harness.spec.ts checks this).
//
// - `site`: dist/ served by harness/server.ts under /kafka/ on a loopback port
//   of its own; `baseURL` points there, so `page.goto('./')` opens the app.
// - `page`: watched from the first request to the end of the test. The test
//   FAILS, after its own steps, if the page
//     * logged a console error                          [console error]
//     * panicked in Rust: the release build aborts at
//       once, the wasm traps and the page throws a
//       RuntimeError ("unreachable")                    [wasm panic]
//     * threw any other uncaught exception or rejection [uncaught exception]
//     * requested anything from another origin, which
//       is blocked: the playground must work offline    [external request]
//     * crashed                                         [page crash]
//   and a screenshot of the page is saved to e2e/artifacts/ for every test.
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { serveSite, type Site } from './server';

export { expect, type Page };

type ProblemKind =
  | 'console error'
  | 'wasm panic'
  | 'uncaught exception'
  | 'external request'
  | 'page crash';

interface Problem {
  kind: ProblemKind;
  detail: string;
}

/** The built site under test. */
export const DIST_DIR = path.resolve(__dirname, '..', '..', 'dist');
// tests/harness.spec.ts sends the canaries' screenshots elsewhere.
const ARTIFACTS_DIR = path.resolve(process.env.E2E_ARTIFACTS_DIR ?? path.join(__dirname, '..', 'artifacts'));

// What the page throws when the wasm traps: a Rust panic in the release build
// (`-Cpanic=immediate-abort`, scripts/lib.sh), or any other trap.
const WASM_TRAP = 'RuntimeError';

async function watch(page: Page, site: Site, problems: Problem[]): Promise<void> {
  page.on('console', (message) => {
    if (message.type() !== 'error') {
      return;
    }
    const { url, lineNumber } = message.location();
    const where = url ? ` (${url}:${lineNumber})` : '';
    problems.push({ kind: 'console error', detail: `${message.text()}${where}` });
  });
  page.on('pageerror', (error) => {
    const kind = error.name === WASM_TRAP ? 'wasm panic' : 'uncaught exception';
    problems.push({ kind, detail: error.stack ?? String(error) });
  });
  page.on('crash', () => {
    problems.push({ kind: 'page crash', detail: page.url() });
  });
  // Every request of the page and its workers passes here before it is sent.
  await page.context().route('**/*', (route) => {
    const request = route.request();
    if (new URL(request.url()).origin === site.origin) {
      return route.fallback();
    }
    problems.push({ kind: 'external request', detail: `${request.method()} ${request.url()}` });
    return route.abort('blockedbyclient');
  });
  await page.context().routeWebSocket(/.*/, (socket) => {
    if (new URL(socket.url()).host === new URL(site.origin).host) {
      return socket.connectToServer();
    }
    problems.push({ kind: 'external request', detail: `WebSocket ${socket.url()}` });
    return socket.close();
  });
}

function screenshotPath(file: string, titlePath: string[]): string {
  const name = [path.basename(file).replace(/\.spec\.ts$/, ''), ...titlePath.slice(1)]
    .join('--')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return path.join(ARTIFACTS_DIR, `${name}.png`);
}

export const test = base.extend<{}, { site: Site }>({
  site: [
    async ({}, use) => {
      if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
        throw new Error(`no built site in ${DIST_DIR}: run 'make build' first`);
      }
      const site = await serveSite(DIST_DIR);
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ site }, use) => {
    await use(site.url);
  },

  page: async ({ page, site }, use, testInfo) => {
    const problems: Problem[] = [];
    await watch(page, site, problems);

    await use(page);

    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page
      .screenshot({ path: screenshotPath(testInfo.file, testInfo.titlePath), fullPage: true })
      .catch((error) => console.warn(`no screenshot for "${testInfo.title}": ${error}`));
    if (problems.length > 0) {
      const lines = problems.map(({ kind, detail }) => `  [${kind}] ${detail}`);
      throw new Error(`the page reported ${problems.length} problem(s):\n${lines.join('\n')}`);
    }
  },
});
