// Export and import of the session as a scenario file: what is exported and
// imported again replays the same run, the user's actions included; a bad file
// lists its problems and the current session is kept.
// Screenshots go to e2e/screenshots/: look at them.
import { test, expect, type Page } from '../harness/fixtures';
import { shot, seconds, setPlaying } from '../harness/page';
import { readFileSync } from 'node:fs';

async function exportScenario(page: Page): Promise<{ file: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-scenario').click();
  const done = await download;
  expect(done.suggestedFilename()).toMatch(/\.json$/);
  const file = await done.path();
  return { file, text: readFileSync(file, 'utf8') };
}

test.use({ viewport: { width: 1280, height: 800 } });

test('an exported session, imported again, replays the same run', async ({ page }) => {
  await page.goto('./');
  const clock = page.getByTestId('virtual-clock');
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(1);
  await page.getByTestId('broker-3-button').click();
  await page.getByTestId('broker-3-crash').click();
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-state', 'crashed');
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(2.5);
  await setPlaying(page, false);
  const at = await clock.textContent();
  const atMs = Math.round(seconds(at) * 1000);
  const brokers = await page.locator('.brokers').innerText();

  await page.getByText('Settings and scenario file').click();
  const first = await exportScenario(page);
  const exported = JSON.parse(first.text);
  const crash = exported.script.filter((e: { op: string }) => e.op === 'crash_broker');
  expect(crash).toEqual([{ at_ms: expect.any(Number), op: 'crash_broker', broker: 3 }]);
  expect(crash[0].at_ms).toBeLessThanOrEqual(atMs);

  await page.getByTestId('import-scenario').setInputFiles(first.file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  await expect(clock).toHaveText('t = 0.000 s');
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-state', 'online');

  // Play past the moment of the export, then travel back to it.
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await setPlaying(page, true);
  await expect.poll(async () => seconds(await clock.textContent())).toBeGreaterThan(atMs / 1000);
  await setPlaying(page, false);
  await page.getByTestId('timeline').fill(String(atMs));
  await expect(clock).toHaveText(at ?? '');
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-state', 'crashed');
  expect(await page.locator('.brokers').innerText()).toBe(brokers);
  await shot(page, 'import-export-replayed');

  // Nothing was acted in the new run, so it exports as the same file.
  const second = await exportScenario(page);
  expect(second.text).toBe(first.text);
});

test('a bad file lists its problems and keeps the session', async ({ page }) => {
  await page.goto('./');
  await page.getByText('Settings and scenario file').click();
  const seed = page.getByTestId('config-cluster').getByLabel('seed', { exact: true });
  await seed.fill('42');
  await page.getByTestId('config-cluster').getByRole('button', { name: 'Apply' }).click();
  await expect(seed).toHaveValue('42');

  await page.getByTestId('import-scenario').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "kafka-playground/scenario@1", "brokers": 0, "seed": "x"}'),
  });
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('This file cannot be opened; the current session is kept.');
  await expect(problems.locator('li').filter({ hasText: /^brokers: / })).toHaveCount(1);
  await expect(problems.locator('li').filter({ hasText: /^seed: / })).toHaveCount(1);
  await expect(seed).toHaveValue('42');
  await problems.scrollIntoViewIfNeeded();
  await shot(page, 'import-export-bad-file');

  await page.getByTestId('import-scenario').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await expect(problems.locator('li')).toHaveCount(1);
  await expect(seed).toHaveValue('42');
});
