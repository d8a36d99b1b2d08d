// Checks of the built files themselves, without a browser.
import { test, expect, DIST_DIR } from '../harness/fixtures';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const html = () => readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');

test('index.html refers to its files by relative URLs only', () => {
  const urls = [...html().matchAll(/\b(?:href=|src=|from |module_or_path: )["']([^"']+)["']/g)].map((m) => m[1]);
  const kinds = new Set(urls.map((url) => path.extname(url)));
  expect([...kinds].sort()).toEqual(['.css', '.js', '.svg', '.wasm']);
  for (const url of urls) {
    expect(url, url).toMatch(/^\.\/[^/]/);
  }
});

test('every integrity hash in index.html matches the file it names', () => {
  // Chromium ignores the hash on the wasm preload, so the browser tests alone
  // would not notice a stale one after wasm-opt (scripts/wasm-opt.mjs).
  const tags = [...html().matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
  const checked = tags.filter((tag) => tag.includes('integrity='));
  expect(checked.length).toBeGreaterThan(0);
  expect(checked.some((tag) => tag.includes('.wasm"'))).toBe(true);
  for (const tag of checked) {
    const href = /href="\.\/([^"]+)"/.exec(tag)?.[1];
    const [, algorithm, digest] = /integrity="(sha\d+)-([^"]+)"/.exec(tag) ?? [];
    expect(href, tag).toBeTruthy();
    const actual = createHash(algorithm).update(readFileSync(path.join(DIST_DIR, href!))).digest('base64');
    expect(actual, href).toBe(digest);
  }
});
