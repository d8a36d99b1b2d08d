import { test, expect } from '../harness/fixtures';
import { seconds } from '../harness/page';

test('shows the title and a ticking virtual clock', async ({ page }) => {
  await page.goto('./');
  await expect(page).toHaveTitle('Kafka Playground');
  await expect(page.getByTestId('app-title')).toHaveText('Kafka Playground');

  const clock = page.getByTestId('virtual-clock');
  await expect(clock).toHaveText(/^t = \d+\.\d{3} s$/);
  const first = seconds(await clock.textContent());
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(first);
});

test('loads everything from under the sub-path it is published at', async ({ page, site }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));

  await page.goto('./');
  await expect(page.getByTestId('virtual-clock')).toHaveText(/^t = /);

  expect(new URL(site.url).pathname).toBe('/kafka/');
  expect(requested.some((url) => url.endsWith('.wasm'))).toBe(true);
  for (const url of requested) {
    expect(url.startsWith(site.url), url).toBe(true);
  }
});
