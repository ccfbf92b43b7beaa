/**
 * `npm start`: the local backend (synthesized pool, seeded demo user) and the
 * demo on Vite, in one process. The backend answers pages from the demo's
 * origins only. Ctrl-C stops both; a second start needs no cleanup.
 */
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { DEMO_ADMIN, DEMO_PORT, DEMO_USER, demoOrigins } from '../amplify/local/server.js';
import type { LocalBackend } from '../amplify/local/server.js';
import { startFromDefinition, stopOnSignals } from '../amplify/local/start.js';

export interface Demo {
  readonly backend: LocalBackend;
  readonly vite: ViteDevServer;
  /** Where Vite listens (http://127.0.0.1:<port>/). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The address to open the demo at. Vite listens on 127.0.0.1, but a browser runs a passkey ceremony only on a
 * page whose host is the relying party or under it: with passkeys (`auth.passwordless.web_authn`, relying party
 * `localhost` locally) the page must be opened on http://localhost:<port>/; `why` says so.
 */
export function pageUrl(demo: Pick<Demo, 'backend' | 'url'>): { readonly url: string; readonly why?: string } {
  const rp = demo.backend.outputs.auth.passwordless?.web_authn?.relying_party_id;
  if (!rp) return { url: demo.url };
  const url = new URL(demo.url);
  if (url.hostname === rp || url.hostname.endsWith(`.${rp}`)) return { url: demo.url };
  url.hostname = rp;
  return {
    url: url.href,
    why: `passkeys belong to the relying party ${rp}: a browser refuses them on ${new URL(demo.url).host}, so open the demo on ${url.host}`,
  };
}

export interface DemoOptions {
  /** A backend already running (tests); otherwise one is started from the definition. */
  readonly backend?: LocalBackend;
  readonly backendPort?: number;
  /** 0 picks a free port. */
  readonly demoPort?: number;
  readonly reset?: boolean;
  /** Vite's dependency cache; tests give each run its own. */
  readonly cacheDir?: string;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const backend =
    options.backend ??
    (await startFromDefinition({
      ...(options.reset ? { reset: true } : {}),
      ...(options.backendPort !== undefined ? { port: options.backendPort } : {}),
    }));
  process.env.VITE_LOCAL_BACKEND = backend.endpoint;
  // Vite adds a SIGTERM handler that exits before the backend is closed; the caller owns shutdown, so it is taken off again.
  const ownListeners = new Set(process.listeners('SIGTERM'));
  const vite = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    root: fileURLToPath(new URL('.', import.meta.url)),
    server: { host: '127.0.0.1', port: options.demoPort ?? Number(process.env.DEMO_PORT ?? DEMO_PORT), strictPort: true },
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    logLevel: 'warn',
  });
  for (const listener of process.listeners('SIGTERM')) if (!ownListeners.has(listener)) process.off('SIGTERM', listener);
  await vite.listen();
  const address = vite.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : options.demoPort;
  if (port === undefined) {
    await vite.close();
    throw new Error('Vite is listening on no TCP port');
  }
  // The page calls the backend from this origin; with port 0 it is only known now.
  backend.allowOrigins(...demoOrigins(port));
  return {
    backend,
    vite,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await vite.close();
      if (!options.backend) await backend.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const starting = startDemo({ reset: process.argv.includes('--reset') });
  stopOnSignals('the demo and the local backend', async () => (await starting).close());
  const demo = await starting;
  const open = pageUrl(demo);
  console.log(`Demo:          ${open.url}`);
  if (open.why) console.log(`               (${open.why})`);
  console.log(`Local Cognito: ${demo.backend.endpoint} (pool ${demo.backend.userPoolId})`);
  console.log(`Demo user:     ${DEMO_USER.email} / ${DEMO_USER.password}`);
  console.log(`Demo admin:    ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} (group admins, no MFA: sets it up at sign-in)`);
  console.log('Codes the backend "sends" show in the page\'s inbox panel. Ctrl-C stops.');
}
