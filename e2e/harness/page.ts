// Small helpers the page tests share: where screenshots go, taking one,
// reading the toolbar's virtual clock, and playing or pausing it.
import path from 'node:path';
import { expect, type Page } from './fixtures';

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

/** Plays or pauses the simulation with the toolbar button, if it is not so already. */
export async function setPlaying(page: Page, playing: boolean): Promise<void> {
  const button = page.getByTestId('play-pause');
  if ((await button.getAttribute('aria-pressed')) !== String(playing)) {
    await button.click();
  }
  await expect(button).toHaveAttribute('aria-pressed', String(playing));
}
