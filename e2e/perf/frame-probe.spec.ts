// Frame-rate probe of the playground, in headless Chromium:
//   1. 3 brokers, 6 partitions, RF 3, a steady 200 records/s, 100+ messages in
//      flight, at 1× speed: median and 95th-percentile frame interval;
//   2. the same after a burst of 100,000 records sits in the logs;
//   3. the time from navigation to the first animated frame (the virtual clock
//      leaves 0).
// Each scenario is opened from a share link (#s=1.<base64url(zlib(JSON))>).
// The numbers are printed and written to e2e/artifacts/perf.json; the test
// fails only if the page cannot run the scenario (the targets are reported,
// since headless Chromium with --disable-gpu may not vsync at 60 Hz).
import { test, expect, type Page } from '../harness/fixtures';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const MEASURE_MS = 5_000;
const results: Record<string, unknown> = {};

function shareLink(file: string): string {
  const json = JSON.stringify(JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')));
  return '#s=1.' + zlib.deflateSync(Buffer.from(json, 'utf8')).toString('base64url');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Frame intervals over `ms` of wall time, and the messages in flight sampled each frame. */
async function measureFrames(page: Page, ms: number) {
  const { intervals, inFlight } = await page.evaluate(async (duration) => {
    const intervals: number[] = [];
    const inFlight: number[] = [];
    await new Promise<void>((done) => {
      let last = 0;
      let start = 0;
      const frame = (now: number) => {
        if (start === 0) {
          start = now;
        } else {
          intervals.push(now - last);
        }
        last = now;
        const map = document.querySelector('[data-testid="network-map"]');
        inFlight.push(Number(map?.getAttribute('data-in-flight') ?? 0));
        if (now - start < duration) {
          requestAnimationFrame(frame);
        } else {
          done();
        }
      };
      requestAnimationFrame(frame);
    });
    return { intervals, inFlight };
  }, ms);
  const sorted = [...intervals].sort((a, b) => a - b);
  const flights = [...inFlight].sort((a, b) => a - b);
  return {
    frames: intervals.length,
    median_ms: Number(percentile(sorted, 50).toFixed(2)),
    p95_ms: Number(percentile(sorted, 95).toFixed(2)),
    max_ms: Number(sorted[sorted.length - 1].toFixed(2)),
    in_flight_median: percentile(flights, 50),
  };
}

async function recordsInLogs(page: Page): Promise<number> {
  const cells = page.locator('[data-testid^="numbers-"] td:nth-child(4)');
  const leos = await cells.allTextContents();
  return leos.reduce((sum, text) => sum + Number(text || 0), 0);
}

async function openAndTimeFirstFrame(page: Page, file: string): Promise<number> {
  await page.goto('./' + shareLink(file), { waitUntil: 'commit' });
  await page.waitForFunction(
    () => {
      const clock = document.querySelector('[data-testid="virtual-clock"]');
      return clock !== null && clock.textContent !== 't = 0.000 s';
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return page.evaluate(() => performance.now());
}

test.afterAll(() => {
  const out = path.resolve(__dirname, '..', 'artifacts');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'perf.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
});

test('baseline: the same page, paused (what the browser does with no work)', async ({ page }) => {
  await openAndTimeFirstFrame(page, 'steady.json');
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-pressed', 'false');
  results.paused_baseline = await measureFrames(page, MEASURE_MS);
});

test('steady 200 records/s with 100+ messages in flight at 1×', async ({ page }) => {
  results.first_animated_frame_ms = Math.round(await openAndTimeFirstFrame(page, 'steady.json'));
  await expect(page.getByTestId('speed-value')).toHaveText('1×');
  // Let the producers reach their steady state.
  await page.waitForTimeout(3_000);
  results.steady = await measureFrames(page, MEASURE_MS);
  results.steady_records_in_logs = await recordsInLogs(page);
  expect((results.steady as { frames: number }).frames).toBeGreaterThan(0);
});

test('the same with 100,000 records in the logs', async ({ page }) => {
  await openAndTimeFirstFrame(page, 'large.json');
  await expect.poll(() => recordsInLogs(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(100_000);
  await page.waitForTimeout(2_000);
  results.large = await measureFrames(page, MEASURE_MS);
  results.large_later = await measureFrames(page, MEASURE_MS);
  results.large_records_in_logs = await recordsInLogs(page);
  results.large_dom_nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  expect((results.large as { frames: number }).frames).toBeGreaterThan(0);
});
