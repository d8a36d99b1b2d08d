// Share links: a link reopens exactly the session shared (the user's own actions
// and the moment shown included); a link that is damaged, too large or from
// another version opens the default playground with a clear message.
import { test, expect, type Page } from '../harness/fixtures';
import path from 'node:path';
import { REPO } from '../harness/kplay';

const shot = (name: string) => path.join(REPO, 'e2e', 'screenshots', `share-${name}.png`);

/** What the page shows of the cluster, to compare two pages. */
async function clusterState(page: Page): Promise<string> {
  return page.locator('.columns').innerText();
}

test('a share link reopens the identical session', async ({ page, context }) => {
  await page.goto('./');
  await page.getByTestId('play-pause').click(); // pause
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-pressed', 'false');
  // The user's own action, at the moment shown.
  await page.getByTestId('broker-2-button').click();
  await page.getByTestId('broker-2-crash').click();
  await expect(page.getByTestId('broker-2')).toHaveAttribute('data-state', 'crashed');
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  const clock = await page.getByTestId('virtual-clock').textContent();
  const state = await clusterState(page);

  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#s=1\.[A-Za-z0-9_-]+/);
  await page.screenshot({ path: shot('panel'), fullPage: true });

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('virtual-clock')).toHaveText(clock ?? '');
  await expect(other.getByTestId('play-pause')).toHaveAttribute('aria-pressed', 'false');
  expect(await clusterState(other)).toBe(state);
  await expect(other.getByTestId('share-error')).toHaveCount(0);
  await other.screenshot({ path: shot('reopened'), fullPage: true });
});

for (const [name, fragment, says] of [
  ['damaged', '#s=1.eNoNyzsOgCAQBcC7vBrjr7PyAp6BrAqGAItZoDDGu8v', 'This share link is damaged.'],
  ['not base64', '#s=1.%%%not*base64', 'This share link is damaged.'],
  ['from another version', '#s=9.eNoNyzsOgCAQBcC7vBrjr7', 'comes from another version'],
  ['too large', `#s=1.${'A'.repeat(40_000)}`, 'too large to open'],
] as const) {
  test(`a ${name} link opens the default playground with a message`, async ({ page }) => {
    await page.goto(`./${fragment}`);
    const banner = page.getByTestId('share-error');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(says);
    await expect(banner).toContainText('The playground opened with its default cluster instead.');
    // Nothing broken: the default playground runs.
    await expect(page.getByTestId('virtual-clock')).toBeVisible();
    await expect(page.getByTestId('lesson-list')).toBeVisible();
    await page.screenshot({ path: shot(name.replaceAll(' ', '-')), fullPage: true });
    await page.getByTestId('share-error-dismiss').click();
    await expect(banner).toHaveCount(0);
  });
}
