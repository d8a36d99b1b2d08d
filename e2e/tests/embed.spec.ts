// Embedding: the demo page (static/demo.html) holds two playgrounds in iframes
// and drives each with the postMessage API of docs/embedding.md; each must answer
// and obey on its own. Also embed mode itself: no chrome, a link back, locked
// controls, and the Embed button's snippet.
import { test, expect } from '../harness/fixtures';
import path from 'node:path';
import { REPO } from '../harness/kplay';

const shot = (name: string) => path.join(REPO, 'e2e', 'screenshots', `embed-${name}.png`);

test('the demo page drives two embedded playgrounds with postMessage', async ({ page }) => {
  await page.goto('./demo.html');
  const left = page.getByTestId('left-state');
  const right = page.getByTestId('right-state');
  // Both start paused (no autoplay) and say so.
  await expect(left).toHaveText('paused at 0 ms');
  await expect(right).toHaveText('paused at 0 ms');
  await expect(page.getByTestId('left-log')).toContainText('"event":"ready"');
  await expect(page.getByTestId('right-log')).toContainText('"event":"ready"');

  // The right frame shows one partition only (partition=orders-0).
  const rightFrame = page.frameLocator('iframe').nth(1);
  await expect(rightFrame.getByTestId('replica-orders-0-b1')).toBeVisible();
  await expect(rightFrame.getByTestId('replica-orders-1-b1')).toBeHidden();

  // Each frame answers its own commands.
  await page.getByTestId('right-seek').click();
  await expect(right).toHaveText('paused at 3000 ms');
  await expect(left).toHaveText('paused at 0 ms');

  await page.getByTestId('left-play').click();
  await expect(left).toHaveText(/^playing at \d+ ms$/);
  await page.getByTestId('left-pause').click();
  await expect(left).toHaveText(/^paused at \d+ ms$/);

  // The left frame is a lesson: it reports the steps it reaches.
  await expect(page.getByTestId('left-log')).toContainText('"event":"lesson_step"');

  // run_until stops on the event and says which.
  await page.getByTestId('right-load').click();
  await expect(right).toHaveText('paused at 0 ms');
  await page.getByTestId('right-run_until').click();
  await expect(page.getByTestId('right-log')).toContainText('"event":"event_reached"');
  await expect(page.getByTestId('right-log')).toContainText('"previous_leader":1');
  await expect(right).toHaveText(/^paused at \d+ ms$/);

  await expect(rightFrame.getByTestId('embed-frame')).toBeVisible();
  await expect(rightFrame.getByTestId('embed-open-full')).toHaveAttribute('href', /#s=1\./);
  await expect(rightFrame.getByTestId('lesson-list')).toHaveCount(0);
  await page.screenshot({ path: shot('demo'), fullPage: true });
});

test('a command that cannot be obeyed is answered with an error', async ({ page }) => {
  await page.goto('./demo.html');
  await expect(page.getByTestId('right-log')).toContainText('"event":"ready"');
  await page.evaluate(() => {
    const frame = document.querySelectorAll('iframe')[1] as HTMLIFrameElement;
    frame.contentWindow?.postMessage({ command: 'seek', at_ms: -5, id: 'bad' }, window.location.origin);
  });
  await expect(page.getByTestId('right-log')).toContainText('"event":"error"');
  await expect(page.getByTestId('right-log')).toContainText('message.at_ms');
  await expect(page.getByTestId('right-log')).toContainText('"id":"bad"');
});

test('the Embed button gives a snippet that opens the session in embed mode', async ({ page }) => {
  await page.goto('./?lesson=hw-and-leo');
  await page.getByTestId('embed-button').click();
  await page.getByTestId('embed-locked').check();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toMatch(/^<iframe src="[^"]+\?embed&amp;controls=locked&amp;lesson=hw-and-leo#s=1\.[A-Za-z0-9_-]+"/);
  await page.screenshot({ path: shot('snippet'), fullPage: true });
  const src = /src="([^"]+)"/.exec(snippet)![1].replaceAll('&amp;', '&');
  await page.goto(src);
  await expect(page.getByTestId('embed-frame')).toBeVisible();
  await expect(page.getByTestId('lesson-player')).toBeVisible();
  await expect(page.getByTestId('share-button')).toHaveCount(0);
  // Locked: play, pause and seek stay; nothing that changes the session.
  await expect(page.getByTestId('play-pause')).toBeVisible();
  await expect(page.locator('.control-panel')).toBeHidden();
  await page.screenshot({ path: shot('locked'), fullPage: true });
});

test('with an allowed origin set, commands from any other origin are ignored', async ({ page }) => {
  await page.goto('./demo.html');
  await expect(page.getByTestId('right-log')).toContainText('"event":"ready"');
  // A third playground on the demo page, allowing only another site's commands.
  const answers: unknown[] = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.src = './?embed&origin=https%3A%2F%2Fblog.example';
    frame.dataset.testid = 'foreign';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve));
    const received: unknown[] = [];
    window.addEventListener('message', (e) => {
      if (e.source === frame.contentWindow) received.push(e.data);
    });
    frame.contentWindow?.postMessage({ command: 'seek', at_ms: 5000, id: 'ignored' }, '*');
    frame.contentWindow?.postMessage({ command: 'fly', id: 'ignored' }, '*');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return received;
  });
  // Not obeyed, not answered, and the page's events go only to the allowed origin.
  expect(answers).toEqual([]);
  await expect(page.frameLocator('[data-testid="foreign"]').getByTestId('virtual-clock')).toHaveText('t = 0.000 s');
});
