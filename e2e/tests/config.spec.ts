// The config forms: an invalid value shows the scenario format's message beside
// its field and is never applied; the rest of the form is kept; a fixed value
// applies, and the run restarts with it.
// Screenshots go to e2e/screenshots/: look at them.
import { test, expect } from '../harness/fixtures';
import { SCREENSHOTS } from '../harness/page';
import { readFileSync } from 'node:fs';
import path from 'node:path';

test.use({ viewport: { width: 1280, height: 800 } });

test('an invalid config value is named beside its field; fixed, it applies', async ({ page }) => {
  await page.goto('./');
  await page.getByText('Settings and scenario file').click();

  const topics = page.getByTestId('config-topics');
  const minIsr = topics.getByLabel('min.insync.replicas', { exact: true });
  const retention = topics.getByLabel('retention.ms', { exact: true });
  const apply = topics.getByRole('button', { name: 'Apply' });
  await expect(apply).toBeDisabled();

  // A valid edit first, then an invalid one.
  await retention.fill('600000');
  await minIsr.fill('two');
  const minIsrField = topics
    .locator('.config-field')
    .filter({ has: page.getByLabel('min.insync.replicas', { exact: true }) });
  await expect(minIsrField.getByRole('alert')).toHaveText('"two" is not an integer');
  await expect(minIsr).toHaveAttribute('aria-invalid', 'true');
  await expect(minIsrField).toContainText('default: 1');
  await expect(apply).toBeDisabled();
  await minIsrField.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'config-invalid-value.png') });

  // Out of range: the message says what is allowed.
  await minIsr.fill('0');
  await expect(minIsrField.getByRole('alert')).toHaveText(
    '0 is out of range: min.insync.replicas must be at least 1',
  );
  // The other edit is still there.
  await expect(retention).toHaveValue('600000');

  // Fixed: no message, and Apply takes both.
  await minIsr.fill('2');
  await expect(minIsrField.getByRole('alert')).toHaveCount(0);
  await expect(apply).toBeEnabled();
  await apply.click();
  await expect(minIsr).toHaveValue('2');
  await expect(retention).toHaveValue('600000');
  await expect(topics.getByRole('button', { name: 'Discard changes' })).toBeDisabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'config-applied.png') });

  // The exported scenario carries the applied configs.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-scenario').click();
  const file = await (await download).path();
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  expect(scenario.topics[0].config['min.insync.replicas']).toBe(2);
  expect(scenario.topics[0].config['retention.ms']).toBe(600000);
});

test('a change that breaks another part of the scenario is explained there', async ({ page }) => {
  await page.goto('./');
  await page.getByText('Settings and scenario file').click();
  const cluster = page.getByTestId('config-cluster');
  await cluster.getByLabel('brokers', { exact: true }).fill('2');
  await expect(cluster.locator('.config-other-errors')).toContainText('topics[0]');
  await expect(cluster.getByRole('button', { name: 'Apply' })).toBeDisabled();
  // Folding the panel away and back keeps the draft.
  await page.getByText('Settings and scenario file').click();
  await expect(cluster).toBeHidden();
  await page.getByText('Settings and scenario file').click();
  await expect(cluster.getByLabel('brokers', { exact: true })).toHaveValue('2');
  await cluster.getByRole('button', { name: 'Discard changes' }).click();
  await expect(cluster.getByLabel('brokers', { exact: true })).toHaveValue('3');
  await expect(cluster.locator('.config-other-errors')).toHaveCount(0);
});

test('a consumer added in the form joins the page, in its group, and can be removed', async ({ page }) => {
  await page.goto('./');
  await page.getByText('Settings and scenario file').click();
  const consumers = page.getByTestId('config-consumers');
  const legends = consumers.locator('legend');
  const before = await legends.allTextContents();
  const ids = before.map((legend) => legend.replace(/^Consumer /, ''));
  let n = 1;
  while (ids.includes(`c${n}`)) {
    n += 1;
  }
  const added = `c${n}`;
  // The new consumer joins the first one's group, or group-1 when there is none.
  const firstGroup = before.length
    ? await consumers.getByLabel('group.id', { exact: true }).first().inputValue()
    : 'group-1';

  await consumers.getByRole('button', { name: 'Add consumer' }).click();
  await expect(legends).toHaveText([...before, `Consumer ${added}`]);
  await expect(consumers.getByLabel('group.id', { exact: true }).last()).toHaveValue(firstGroup);
  await expect(page.getByTestId(`group-${firstGroup}`).getByTestId(`consumer-${added}`)).toHaveCount(1);
  await consumers.locator('fieldset').last().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'config-consumer-added.png') });

  // Nothing refers to it, so it can be removed again; topic orders cannot be.
  await consumers.getByRole('button', { name: `Remove Consumer ${added}` }).click();
  await expect(legends).toHaveText(before);
  await expect(page.getByTestId(`consumer-${added}`)).toHaveCount(0);
  const removeOrders = page.getByTestId('config-topics').getByRole('button', { name: 'Remove Topic orders' });
  await expect(removeOrders).toBeDisabled();
  await expect(page.getByTestId('config-topics')).toContainText('Cannot be removed: ');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the settings stack, fit the width, and every field has a name', async ({ page }) => {
    await page.goto('./');
    await page.getByText('Settings and scenario file').click();
    const panel = page.getByTestId('session-panel');
    const overflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const unnamed = await panel
      .locator('input, select, button')
      .evaluateAll((controls) =>
        controls
          .filter((c) => {
            const labelled = (c as HTMLInputElement).labels?.length;
            return !labelled && !c.getAttribute('aria-label') && !(c.textContent ?? '').trim();
          })
          .map((c) => c.outerHTML),
      );
    expect(unnamed).toEqual([]);
    await page.getByTestId('config-topics').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'config-phone.png') });
  });
});

test('a topic config altered now changes the running cluster, as kafka-configs --alter', async ({ page }) => {
  await page.goto('./');
  const clock = page.getByTestId('virtual-clock');
  await expect(clock).not.toHaveText('t = 0.000 s');
  await page.getByText('Settings and scenario file').click();
  const topics = page.getByTestId('config-topics');
  const alter = topics.getByRole('button', { name: 'Alter now' });
  await expect(alter).toBeDisabled();
  await topics.getByLabel('min.insync.replicas', { exact: true }).fill('3');
  await alter.click();
  await expect(page.getByTestId('event-log')).toContainText('min.insync.replicas');
  // The run went on (no restart), and the change is in the session's script.
  await expect(clock).not.toHaveText('t = 0.000 s');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-scenario').click();
  const scenario = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  const altered = scenario.script.filter((e: { op: string }) => e.op === 'alter_config');
  expect(altered).toEqual([
    { at_ms: expect.any(Number), op: 'alter_config', topic: 'orders', config: { 'min.insync.replicas': 3 } },
  ]);
  await page.getByTestId('event-log').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'config-altered-now.png') });
});
