import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export const contentType = (file: string): string => TYPES[extname(file)] ?? 'application/octet-stream';

export interface StaticSite {
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

export interface StaticOptions {
  /** Answers a request itself (true) before any file is looked for. */
  readonly route?: (url: URL, req: IncomingMessage, res: ServerResponse) => boolean;
  /** What a path with no file gets: 404, or index.html (an app that routes in the page). */
  readonly missing?: 'not found' | 'index.html';
}

/** The files under `root` on a free port of 127.0.0.1, as a static host serves a built app (`/` is index.html). */
export async function serveStatic(root: string, options: StaticOptions = {}): Promise<StaticSite> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    if (options.route?.(url, req, res)) return;
    let file = normalize(join(root, path === '/' ? 'index.html' : path));
    const found = file.startsWith(root + sep) && existsSync(file);
    if (!found || (options.missing === 'index.html' && !extname(file))) {
      if (options.missing !== 'index.html') {
        res.writeHead(404).end();
        return;
      }
      file = join(root, 'index.html');
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': contentType(file) }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
