// Every built-in lesson, played in the page to its end: each caption must show at
// the time of the event it talks about (computed independently, from the trace of
// `kplay run --trace` and the lesson's triggers), and the clock must stop there
// while the caption waits for Continue. `?speed=100` (docs/embedding.md) plays
// 100 times faster than real time so that long lessons end in seconds.
import { test, expect } from '../harness/fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, stepTimes } from '../harness/kplay';

const LESSONS = path.join(REPO, 'static', 'lessons');
const ids: string[] = JSON.parse(readFileSync(path.join(LESSONS, 'index.json'), 'utf8')).lessons;

function clockMs(text: string | null): number {
  const match = /t = (\d+)\.(\d{3}) s/.exec(text ?? '');
  if (!match) throw new Error(`not a clock reading: ${text}`);
  return Number(match[1]) * 1000 + Number(match[2]);
}

test('the landing page lists every lesson', async ({ page }) => {
  await page.goto('./');
  const list = page.getByTestId('lesson-list');
  for (const id of ids) {
    await expect(list.getByTestId(`lesson-${id}`)).toBeVisible();
  }
  await page.screenshot({ path: path.join(REPO, 'e2e', 'screenshots', 'lesson-list.png'), fullPage: true });
});

for (const id of ids) {
  test(`lesson ${id}: every caption shows at its event`, async ({ page }) => {
    test.setTimeout(120_000);
    const lesson = JSON.parse(readFileSync(path.join(LESSONS, `${id}.json`), 'utf8'));
    const expected = stepTimes(lesson);
    expect(expected.indexOf(null), 'the run reaches every step').toBe(-1);

    // Every caption the page shows, even briefly, with the time it gives.
    await page.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { shownCaptions: string[] }).shownCaptions = shown;
      new MutationObserver(() => {
        const caption = document.querySelector('[data-testid="lesson-caption"][data-step]');
        const seen = caption && `${caption.getAttribute('data-step')}@${caption.getAttribute('data-at-ms')}`;
        if (seen && shown[shown.length - 1] !== seen) shown.push(seen);
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.goto(`./?lesson=${id}&speed=100`);
    const caption = page.getByTestId('lesson-caption');
    const next = page.getByTestId('lesson-continue');
    const variation = page.getByTestId('lesson-variation');
    await expect(page.getByTestId('lesson-player')).toBeVisible();
    for (let clicks = 0; !(await variation.isVisible()); ) {
      if (await next.isVisible()) {
        // The caption waits: the clock stands still at its event.
        const step = await caption.getAttribute('data-step');
        const at = Number(await caption.getAttribute('data-at-ms'));
        expect(at, `step ${step} shows at its event`).toBe(expected[Number(step)]);
        expect(clockMs(await page.getByTestId('virtual-clock').textContent())).toBe(at);
        await next.click();
        clicks += 1;
        await expect
          .poll(async () => (await caption.getAttribute('data-step')) !== step || !(await next.isVisible()))
          .toBe(true);
      } else {
        await page.waitForTimeout(50);
      }
      expect(clicks).toBeLessThan(100);
    }
    const shown: string[] = await page.evaluate(() => (window as unknown as { shownCaptions: string[] }).shownCaptions);
    const steps = shown.map((s) => Number(s.split('@')[0]));
    expect(steps, 'every step shows, in order').toEqual(lesson.steps.map((_: unknown, i: number) => i));
    for (const s of shown) {
      const [step, at] = s.split('@').map(Number);
      expect(at, `step ${step} shows at its event`).toBe(expected[step]);
    }
    await expect(page.getByTestId('lesson-variation')).toBeVisible();
    await expect(page.getByTestId('lesson-variation')).toContainText(lesson.variation.text.replaceAll('`', '').slice(0, 30));
    await page.screenshot({ path: path.join(REPO, 'e2e', 'screenshots', `lesson-${id}.png`), fullPage: true });
  });
}

test('a lesson left is resumed where it was', async ({ page }) => {
  await page.goto('./?lesson=hw-and-leo&speed=100');
  const caption = page.getByTestId('lesson-caption');
  await expect(caption).toHaveAttribute('data-step', '0');
  await page.getByTestId('lesson-continue').click();
  await expect(caption).toHaveAttribute('data-step', '1');
  const at = await caption.getAttribute('data-at-ms');
  await page.getByTestId('lesson-leave').click();
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  await expect(page.getByTestId('lesson-hw-and-leo')).toContainText('Resume at step 2 of 6');
  await page.reload();
  await page.getByTestId('lesson-hw-and-leo').getByRole('button').click();
  await expect(caption).toHaveAttribute('data-step', '1');
  await expect(caption).toHaveAttribute('data-at-ms', at ?? '');
  await expect(page.getByTestId('lesson-continue')).toBeVisible();
  await page.getByTestId('lesson-restart').click();
  await expect(caption).toHaveAttribute('data-step', '0');
  await page.screenshot({ path: path.join(REPO, 'e2e', 'screenshots', 'lesson-resumed.png'), fullPage: true });
});

test('the last step offers a variation, and Try it plays it', async ({ page }) => {
  await page.goto('./?lesson=hw-and-leo&speed=100');
  const variation = page.getByTestId('lesson-variation');
  for (let clicks = 0; !(await variation.isVisible()); clicks += 1) {
    expect(clicks).toBeLessThan(20);
    const next = page.getByTestId('lesson-continue');
    await next.or(variation).first().waitFor();
    if (await next.isVisible()) await next.click();
  }
  await expect(variation).toContainText('Crash broker 1 at 1100 ms');
  await page.getByTestId('lesson-try-variation').click();
  // The variation's own script crashes broker 1 at 1100 ms.
  await expect(page.getByTestId('broker-1')).toHaveAttribute('data-state', 'crashed', { timeout: 20_000 });
  await page.screenshot({ path: path.join(REPO, 'e2e', 'screenshots', 'lesson-variation.png'), fullPage: true });
});

// (An HTTP error would also be logged by the browser itself, which the harness
// counts as a problem: a broken file shows the same banner.)
test('a lesson whose file cannot be read opens the playground and names the file', async ({ page }) => {
  await page.route('**/lessons/hw-and-leo.json', (route) => route.fulfill({ status: 200, body: '{"format": ' }));
  await page.goto('./?lesson=hw-and-leo');
  const problems = page.getByTestId('load-problems');
  await expect(problems).toContainText('lessons/hw-and-leo.json could not be read: lesson:');
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  await expect(problems.locator('li'), 'named once').toHaveCount(1);
  await expect(page.getByTestId('lesson-player')).toHaveCount(0);
});
