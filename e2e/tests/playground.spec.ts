// The playground page, used as a student would: watch records replicate,
// crash the leader by clicking, restart it, scrub the timeline.
// Every test saves a screenshot under e2e/screenshots/.
import { test, expect, type Page } from '../harness/fixtures';
import path from 'node:path';

const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

test.use({ viewport: { width: 1280, height: 800 } });

test('shows three brokers with the logs of orders, its leaders and ISR', async ({ page }) => {
  await page.goto('./');
  for (const broker of [1, 2, 3]) {
    await expect(page.getByTestId(`broker-${broker}`)).toHaveAttribute('data-state', 'online');
  }
  await expect(page.getByTestId('leader-badge')).toHaveCount(3);
  await expect(page.locator('[data-in-isr="true"]')).toHaveCount(9);
  await expect(page.getByTestId('under-replicated')).toHaveText('0');
  await shot(page, 'load');
  await page.waitForTimeout(6000);
  await shot(page, 'running');
});
