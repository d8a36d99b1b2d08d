// Small helpers the page tests share: where screenshots go, taking one, and
// reading the toolbar's virtual clock.
import path from 'node:path';
import type { Page } from '@playwright/test';

/** Every browser test's screenshots, to look at after a run. */
export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

/** Saves a screenshot of the page as e2e/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** The seconds of a virtual clock reading such as "t = 1.250 s". */
export function seconds(label: string | null): number {
  const match = /^t = (\d+\.\d{3}) s$/.exec(label ?? '');
  if (!match) {
    throw new Error(`not a virtual clock reading: ${JSON.stringify(label)}`);
  }
  return Number(match[1]);
}
