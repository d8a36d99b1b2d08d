// A classroom challenge solved by clicking, as a student would: the page checks
// the goal and gives the completion code (a link that replays the solution), and
// the teacher's command, `kplay check-challenge`, accepts that code.
import { test, expect, type Page } from '../harness/fixtures';
import path from 'node:path';
import { REPO, kplay, tempFile } from '../harness/kplay';

const shot = (name: string) => path.join(REPO, 'e2e', 'screenshots', `challenge-${name}.png`);

function clockMs(text: string | null): number {
  const match = /t = (\d+)\.(\d{3}) s/.exec(text ?? '');
  if (!match) throw new Error(`not a clock reading: ${text}`);
  return Number(match[1]) * 1000 + Number(match[2]);
}

/** Steps the paused simulation, one event at a time, until the clock reads at least `ms`. */
async function stepTo(page: Page, ms: number): Promise<void> {
  const clock = page.getByTestId('virtual-clock');
  for (let i = 0; i < 500 && clockMs(await clock.textContent()) < ms; i += 1) {
    await page.getByTestId('step').click();
  }
  expect(clockMs(await clock.textContent())).toBeGreaterThanOrEqual(ms);
}

test('the landing page lists every challenge', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('challenge-list').locator('.challenge-item')).toHaveCount(6);
});

test('solve "Store records out of order" by clicking and verify the code with kplay', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./');
  await page.getByTestId('challenge-reorder-records').getByRole('button').click();
  const panel = page.getByTestId('challenge-panel');
  await expect(panel).toContainText('opposite order');
  await page.getByTestId('challenge-hint').click();
  await expect(page.getByTestId('challenge-hints').locator('li')).toHaveCount(1);

  // Nothing done yet: not solved, and the panel says why.
  await page.getByTestId('challenge-check').click();
  await expect(page.getByTestId('challenge-not-solved')).toBeVisible();

  // Play past the first sends, pause, and go back to just after the first one…
  const clock = page.getByTestId('virtual-clock');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('play-pause').click();
  await expect.poll(async () => clockMs(await clock.textContent()), { timeout: 30_000 }).toBeGreaterThan(6000);
  await page.getByTestId('play-pause').click();
  await page.getByTestId('timeline').fill('5001');
  await expect(clock).toHaveText('t = 5.001 s');
  // …cut the producer off from the leader while that request is on the way…
  await page.getByTestId('link-from').selectOption({ label: 'p' });
  await page.getByTestId('link-to').selectOption({ label: 'Broker 1' });
  await page.getByTestId('cut-link').click();
  await expect(page.getByTestId('cut-links')).not.toBeEmpty();
  await expect(page.getByTestId('challenge-actions')).toHaveText('Your actions so far: 1 of at most 2.');
  // …and heal the link before the next one is sent.
  await stepTo(page, 5051);
  await page.getByTestId('heal').click();
  await page.screenshot({ path: shot('moves'), fullPage: true });

  await page.getByTestId('challenge-check').click();
  await expect(page.getByTestId('challenge-solved')).toBeVisible({ timeout: 60_000 });
  const code = await page.getByTestId('challenge-code').inputValue();
  expect(code).toMatch(/#s=1\.[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: shot('solved'), fullPage: true });

  // The teacher's check, from the command line.
  const verdict = kplay(['check-challenge', path.join(REPO, 'static/challenges/reorder-records.json'), tempFile('code.txt', code)]);
  expect(verdict.stdout + verdict.stderr).toContain('solved');
  expect(verdict.status).toBe(0);

  // The code replays the solution in the page.
  await page.goto(code);
  await expect(page.getByTestId('share-error')).toHaveCount(0);
  await expect(page.getByTestId('virtual-clock')).toBeVisible();
});
