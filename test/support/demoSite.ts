import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { demoOrigins } from '../../amplify/local/server.js';
import type { LocalBackend } from '../../amplify/local/server.js';
import { serveStatic } from './staticSite.js';

// The demo, built once for a test run and served to each browser suite's backend.
// `npm start` serves it from Vite's dev server, which transforms every module on
// each page load (about 1.5 s a page here, and a dependency scan per server);
// the built demo loads in a few hundred milliseconds. It is built in Vite's
// development mode, so it is the same React (development build, StrictMode
// double effects) and the same `import.meta.env.DEV` as `npm start`. One suite
// (the live statechart) still runs on the dev server itself.

const DEMO = fileURLToPath(new URL('../../demo/', import.meta.url));

/** Builds the demo into `outDir`. Its calls to the backend's `/_dev/*` go to the page's own origin, which forwards them. */
export async function buildDemo(outDir: string): Promise<void> {
  // Vite builds React's development bundle only when NODE_ENV says so (Vitest sets it to `test`).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      root: DEMO,
      mode: 'development',
      logLevel: 'warn',
      define: { 'import.meta.env.VITE_LOCAL_BACKEND': JSON.stringify('') },
      build: { outDir, emptyOutDir: true, minify: false, reportCompressedSize: false },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export interface DemoSite {
  readonly backend: LocalBackend;
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a built demo on a free port of 127.0.0.1 for one backend: files from `root`
 * (index.html for any other path), `/_dev/*` forwarded to the backend, and the
 * page's origins (127.0.0.1 and localhost) allowed by the backend, as `npm start` does.
 */
export async function serveDemo(root: string, backend: LocalBackend): Promise<DemoSite> {
  const target = new URL(backend.endpoint);
  const site = await serveStatic(root, {
    missing: 'index.html',
    route: (url, req, res) => {
      if (!url.pathname.startsWith('/_dev/')) return false;
      const path = url.pathname + url.search;
      const forward = request({ host: target.hostname, port: target.port, method: req.method, path, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (e) => res.writeHead(502).end(String(e)));
      req.pipe(forward);
      return true;
    },
  });
  backend.allowOrigins(...demoOrigins(Number(new URL(site.origin).port)));
  return { backend, url: site.url, close: site.close };
}
