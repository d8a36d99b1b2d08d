// Each canary makes the page misbehave in one way (see playwright.config.ts
// here). "clean page" is the control: it must pass.
import { test, expect, type Page } from '../harness/fixtures';

async function openApp(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('virtual-clock')).toHaveText(/^t = /);
}

test('clean page', async ({ page }) => {
  await openApp(page);
});

test('console error', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => console.error('canary: console error'));
});

test('uncaught exception', async ({ page }) => {
  await openApp(page);
  const thrown = page.waitForEvent('pageerror');
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('canary: uncaught exception');
    }, 0);
  });
  await thrown;
});

test('external request', async ({ page }) => {
  await openApp(page);
  // Another origin, on the loopback range; the harness blocks it before it is sent.
  const outcome = await page.evaluate(() =>
    fetch('http://127.0.0.2:9/canary').then(
      () => 'fetched',
      () => 'blocked',
    ),
  );
  expect(outcome).toBe('blocked');
});

test('wasm panic', async ({ page, site }) => {
  // The shipped release build, on a page without the element the app mounts
  // on: src/main.rs panics, which traps the wasm as the app starts.
  await page.route(site.url, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const withoutMountPoint = html.replace(/<div id="?app"?><\/div>/, '');
    expect(withoutMountPoint).not.toBe(html);
    await route.fulfill({ response, body: withoutMountPoint });
  });
  const panic = page.waitForEvent('pageerror', (error) => error.name === 'RuntimeError');
  await page.goto('./');
  await panic;
});
