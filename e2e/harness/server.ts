// A small static file server for the built site, on a loopback port of its
// own, serving dist/ under a sub-path (as a static host would publish it) and
// nothing outside it: an absolute URL in the page gets a 404, which the
// browser reports as a console error, which fails the test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const SUB_PATH = '/kafka/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface Site {
  /** The site's own origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Where the site is published, e.g. `http://127.0.0.1:41234/kafka/`. */
  url: string;
  close(): Promise<void>;
}

export async function serveSite(root: string): Promise<Site> {
  const rootDir = path.resolve(root);
  const server = http.createServer(async (request, response) => {
    const reply = (status: number, headers: http.OutgoingHttpHeaders = {}, body?: Buffer) => {
      response.writeHead(status, { 'cache-control': 'no-store', ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply(405);
    }
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (`${pathname}/` === SUB_PATH) {
      return reply(301, { location: SUB_PATH });
    }
    if (!pathname.startsWith(SUB_PATH)) {
      return reply(404);
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(SUB_PATH.length));
    } catch {
      return reply(400);
    }
    if (relative === '' || relative.endsWith('/')) {
      relative += 'index.html';
    }
    const file = path.resolve(rootDir, relative);
    if (!file.startsWith(rootDir + path.sep)) {
      return reply(404);
    }
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      reply(200, { 'content-type': type, 'content-length': body.length }, body);
    } catch {
      reply(404);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${SUB_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
