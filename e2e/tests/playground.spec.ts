// The playground page, used as a student would: watch a record replicate and
// commit, crash the leader by clicking, restart it, scrub the timeline.
// Every test saves a screenshot under e2e/screenshots/: look at them.
import { test, expect, type Page } from '../harness/fixtures';
import { shot, seconds, setPlaying } from '../harness/page';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';

/** The broker leading `partition`, as its replica row says. */
async function leaderOf(page: Page, partition: string): Promise<number> {
  const row = page.locator(`[data-testid^="replica-${partition}-b"][data-leader="true"]`);
  await expect(row).toHaveCount(1);
  const testid = (await row.getAttribute('data-testid')) ?? '';
  return Number(testid.slice(`replica-${partition}-b`.length));
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
});

test('a produced record reaches every replica and crosses the high watermark', async ({ page }) => {
  await page.goto('./');
  // Once the producers have their metadata, a record is sent (and listed) at once.
  await expect(page.getByTestId('producer-p1').locator('.fate')).not.toHaveCount(0);
  await setPlaying(page, false);
  await page.getByTestId('produce-key').fill('user-42');
  await page.getByTestId('produce-value').fill('hello');
  const fates = page.getByTestId('producer-p1').locator('.fate');
  const before = await fates.first().getAttribute('data-record');
  await page.getByTestId('produce-one').click();
  // p1's own steady records may be listed at the same moment: ours is the
  // newer one whose key is user-42.
  let id = '';
  await expect
    .poll(async () => {
      const ids = await fates.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-record') ?? ''));
      const newer = before && ids.includes(before) ? ids.slice(0, ids.indexOf(before)) : ids;
      for (const candidate of newer) {
        await page.getByTestId('producer-p1').locator(`.fate[data-record="${candidate}"] button`).click();
        if ((await page.getByTestId('inspector').textContent())?.includes('user-42')) {
          id = candidate;
          return id;
        }
      }
      return '';
    })
    .toMatch(/^p1#\d+$/);
  await setPlaying(page, true);
  const cells = page.locator(`.cell[data-record="${id}"]`);
  await expect(cells).toHaveCount(3);
  await expect(page.locator(`.cell.committed[data-record="${id}"]`)).toHaveCount(3);
  await setPlaying(page, false);
  await page.getByTestId('producer-p1').locator(`.fate[data-record="${id}"] button`).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('user-42');
  await expect(inspector).toContainText('hello');
  await expect(page.getByTestId('inspector-holders')).toHaveText('[1, 2, 3]');
  await expect(page.getByTestId('inspector-fate')).toHaveText(/^acked orders-\d@\d+$/);
  await shot(page, 'produce');
});

/** The flight canvas's pixels: how many are painted, and a fingerprint of all of them. */
async function flightPixels(page: Page): Promise<{ painted: number; image: string }> {
  return page.getByTestId('flight-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) painted++;
    }
    return { painted, image: canvas.toDataURL() };
  });
}

test('the messages in flight are painted on the map, still when paused, moving when playing', async ({ page }) => {
  await page.goto('./');
  const map = page.getByTestId('network-map');
  await expect(map).not.toHaveAttribute('data-in-flight', '0');
  await setPlaying(page, false);
  // Paused between two messages, step (→) until one is on its way.
  for (let step = 0; step < 50 && (await map.getAttribute('data-in-flight')) === '0'; step++) {
    await page.keyboard.press('ArrowRight');
  }
  await expect(map).not.toHaveAttribute('data-in-flight', '0');
  const paused = await flightPixels(page);
  expect(paused.painted).toBeGreaterThan(0);
  // The canvas is as sharp as the screen: its pixels match its box.
  const sizes = await page.getByTestId('flight-canvas').evaluate((canvas: HTMLCanvasElement) => ({
    pixels: canvas.width,
    box: Math.round(canvas.clientWidth * window.devicePixelRatio),
  }));
  expect(sizes.pixels).toBe(sizes.box);
  await page.waitForTimeout(300);
  expect((await flightPixels(page)).image).toBe(paused.image);
  await setPlaying(page, true);
  await expect.poll(async () => (await flightPixels(page)).image).not.toBe(paused.image);
  await shot(page, 'flights');
});

test('crashing the leader elects a new one; restarted, it rejoins the ISR', async ({ page }) => {
  await page.goto('./');
  const leader = await leaderOf(page, 'orders-0');
  await page.getByTestId(`broker-${leader}-button`).click();
  await page.getByTestId(`broker-${leader}-crash`).click();
  await expect(page.getByTestId(`broker-${leader}`)).toHaveAttribute('data-state', 'crashed');
  // The controller fences the broker after broker.session.timeout.ms (9 s): go faster.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('+');
  }
  await expect
    .poll(() => leaderOf(page, 'orders-0'), { timeout: 20_000 })
    .not.toBe(leader);
  const newLeader = await leaderOf(page, 'orders-0');
  const leaderRow = page.getByTestId(`replica-orders-0-b${newLeader}`);
  await expect(leaderRow.getByTestId('leader-badge')).toHaveText('leader · epoch 1');
  await expect(page.getByTestId(`replica-orders-0-b${leader}`)).toHaveAttribute('data-in-isr', 'false');
  await expect(page.getByTestId('under-replicated')).not.toHaveText('0');
  await shot(page, 'crash-leader');

  await page.getByTestId(`broker-${leader}-button`).click();
  await page.getByTestId(`broker-${leader}-restart`).click();
  await expect(page.getByTestId(`broker-${leader}`)).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(page.getByTestId(`replica-orders-0-b${leader}`)).toHaveAttribute('data-in-isr', 'true', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('under-replicated')).toHaveText('0', { timeout: 20_000 });
  await shot(page, 'restart');
});

test('scrubbing the timeline back shows the earlier cluster, and forward again', async ({ page }) => {
  await page.goto('./');
  const clock = page.getByTestId('virtual-clock');
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(1);
  await page.getByTestId('broker-3-button').click();
  await page.getByTestId('broker-3-crash').click();
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-state', 'crashed');
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(3);
  await setPlaying(page, false);
  const timeline = page.getByTestId('timeline');
  const head = Number(await timeline.getAttribute('max'));

  await timeline.fill('500');
  await expect(clock).toHaveText('t = 0.500 s');
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-state', 'online');
  await shot(page, 'scrub-back');

  await timeline.fill(String(head));
  await expect(clock).toHaveText(`t = ${(head / 1000).toFixed(3)} s`);
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-state', 'crashed');
  await shot(page, 'scrub-forward');
});

test('the keyboard plays, pauses, steps, changes speed and lists its keys', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('virtual-clock')).toHaveText(/^t = /);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-pressed', 'false');
  const clock = page.getByTestId('virtual-clock');
  const before = seconds(await clock.textContent());
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(before);
  await page.keyboard.press('+');
  await expect(page.getByTestId('speed-value')).toHaveText('2×');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(page.getByTestId('speed-value')).toHaveText('0.5×');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await shot(page, 'keys');
});

test('cutting a link drops what it carries and shrinks the ISR; healing restores it', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('link-from').selectOption({ label: 'Broker 1' });
  await page.getByTestId('link-to').selectOption({ label: 'Broker 2' });
  await page.getByTestId('cut-link').click();
  await expect(page.getByTestId('cut-links')).toHaveText('link 1 ↔ 2 cut');
  await expect(page.locator('.network-map .cut-link')).toHaveCount(1);
  // replica.lag.time.max.ms is 30 s: go faster until a follower falls out of an ISR.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('+');
  }
  await expect(page.getByTestId('under-replicated')).not.toHaveText('0', { timeout: 20_000 });
  const log = page.getByTestId('event-log');
  await log.getByRole('button', { name: 'Faults', exact: true }).click();
  await expect(log).toContainText('link cut');
  await shot(page, 'cut-link');
  await page.getByTestId('heal').click();
  await expect(page.getByTestId('cut-links')).toHaveText('');
  await expect(page.getByTestId('under-replicated')).toHaveText('0', { timeout: 20_000 });
  await shot(page, 'healed');
});

test('a lost record opens the chain of events that lost it, each a moment to jump to', async ({ page }) => {
  const file = path.resolve(__dirname, '..', '..', 'tests', 'scenarios', 'S12-acks1-lost-on-clean-failover.json');
  const json = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
  await page.goto('./#s=1.' + zlib.deflateSync(Buffer.from(json, 'utf8')).toString('base64url'));
  await expect(page.getByTestId('virtual-clock')).toHaveText(/^t = /);
  // + until the top speed: a key pressed before the page listens is not lost, just repeated.
  await expect(async () => {
    await page.keyboard.press('+');
    await expect(page.getByTestId('speed-value')).toHaveText('100×', { timeout: 250 });
  }).toPass();
  const row = page.getByTestId('producer-p1').locator('.fate[data-record="p1#5"]');
  await expect(row).toHaveClass(/lost/, { timeout: 20_000 });
  await setPlaying(page, false);
  await row.locator('button').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveClass(/lost/);
  const chain = page.getByTestId('inspector-chain');
  await expect(chain).toContainText('Broker 1 crashed');
  await expect(chain).toContainText('t-0 leader 1 → 2');
  await shot(page, 'lost-record');
  await chain.getByText('Broker 1 crashed').click();
  await expect(page.getByTestId('virtual-clock')).toHaveText('t = 20.503 s');
  await expect(page.getByTestId('broker-1')).toHaveAttribute('data-state', 'crashed');
  await shot(page, 'lost-record-jump');
});

test('killing a consumer rebalances its partitions to the other; its lag is shown', async ({ page }) => {
  await page.goto('./');
  const group = page.getByTestId('group-g1');
  await expect(group.locator('.group-state')).toHaveText('Stable', { timeout: 15_000 });
  await expect(page.getByTestId('consumer-c1').locator('.badge')).not.toHaveCount(0);
  await expect(page.getByTestId('consumer-c2').locator('.badge')).not.toHaveCount(0);
  await expect(page.locator('.cell.consumer-position').first()).toBeVisible();
  await shot(page, 'group-stable');
  await page.getByTestId('consumer-c1').getByRole('button', { name: 'Kill' }).click();
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-state', 'killed');
  // session.timeout.ms is 45 s: go faster until c2 owns all three partitions.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('+');
  }
  await expect(page.getByTestId('consumer-c2').locator('.badge')).toHaveCount(3, { timeout: 30_000 });
  await expect(group.locator('.group-state')).toHaveText('Stable');
  await expect(page.getByTestId('lag-g1')).toHaveText(/^\d+$/);
  await shot(page, 'group-rebalanced');
});

test.describe('on a 390-px phone, in the dark', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

  test('the views stack and every broker is reachable', async ({ page }) => {
    await page.goto('./');
    const first = await page.getByTestId('broker-1').boundingBox();
    const second = await page.getByTestId('broker-2').boundingBox();
    expect(first && second).toBeTruthy();
    expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
    expect(second!.x).toBeCloseTo(first!.x, 0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, 'phone-dark');
    await page.getByTestId('broker-2').scrollIntoViewIfNeeded();
    await shot(page, 'phone-dark-brokers');
  });
});
