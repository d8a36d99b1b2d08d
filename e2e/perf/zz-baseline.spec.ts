import { test } from '../harness/fixtures';
test('baseline paused', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('play-pause').click();
  const intervals: number[] = await page.evaluate(async () => {
    const out: number[] = [];
    let last = 0;
    await new Promise<void>((done) => {
      const f = (now: number) => { if (last) out.push(now - last); last = now; if (out.length < 300) requestAnimationFrame(f); else done(); };
      requestAnimationFrame(f);
    });
    return out;
  });
  intervals.sort((a, b) => a - b);
  console.log('paused median', intervals[150], 'p95', intervals[285], 'max', intervals[299]);
});
