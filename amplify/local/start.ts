/**
 * `npm run backend`: synthesizes the Gen 2 definition (cached by its content, see synthesizeCached),
 * starts the local backend on 127.0.0.1:$LOCAL_COGNITO_PORT (9229 by default),
 * seeds the demo user and an admin without MFA, and writes the local amplify_outputs.json. Pages may
 * call it from the demo's origins on port 5173 and from those listed in
 * $LOCAL_COGNITO_ALLOWED_ORIGINS (comma-separated).
 * `npm run backend -- --reset` starts from an empty store. Ctrl-C stops it cleanly.
 * `AMPLIFY_VARIANT=passwordless npm run backend` (or `npm start`) serves a variant under
 * amplify/variants/ instead, e.g. the passwordless, passkey-first pool, with its own store.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ADMIN, DEMO_USER, demoOrigins, parseOrigin, startLocalBackend } from './server.js';
import type { LocalBackend } from './server.js';
import { synthesizeCached } from './synth.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateDir = process.env.AMPLIFY_LOCAL_DIR ?? join(repoRoot, '.amplify-local');

/**
 * Ctrl-C or SIGTERM closes what was started, then exits (0, or 1 if closing
 * failed). Install it before starting, with a `close` that waits for the start:
 * a signal during start-up then stops cleanly too. The handlers stay while
 * closing, because a terminal's Ctrl-C reaches both npm and this process and
 * npm forwards it again: a repeat must not fall through to the default exit.
 */
export function stopOnSignals(what: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${what}…`);
    close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The demo's origins on its default port, and those in $LOCAL_COGNITO_ALLOWED_ORIGINS (comma-separated). */
export function allowedOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.LOCAL_COGNITO_ALLOWED_ORIGINS ?? '').split(',').filter((o) => o.trim() !== '');
  return [...demoOrigins(), ...extra.map(parseOrigin)];
}

/**
 * The Gen 2 definition to serve: `$AMPLIFY_VARIANT` names one under
 * amplify/variants/ (e.g. `passwordless`); unset or empty is amplify/backend.ts.
 * A name with no such variant is a TypeError.
 */
export function variantFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = env.AMPLIFY_VARIANT?.trim();
  if (!name) return undefined;
  if (!/^[A-Za-z0-9-]+$/.test(name) || !existsSync(join(repoRoot, 'amplify', 'variants', name, 'amplify', 'backend.ts'))) {
    throw new TypeError(`AMPLIFY_VARIANT=${JSON.stringify(name)} names no amplify/variants/<name>/amplify/backend.ts`);
  }
  return name;
}

export async function startFromDefinition(options: { reset?: boolean; port?: number; variant?: string } = {}): Promise<LocalBackend> {
  const variant = options.variant ?? variantFromEnv();
  // Each definition keeps its own store: a pool provisioned from one is not another's.
  const dataDir = join(stateDir, variant ? `db-${variant}` : 'db');
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  const source = variant ? `amplify/variants/${variant}/amplify/backend.ts` : 'amplify/backend.ts';
  const { pool } = await synthesizeCached({
    ...(variant ? { variant } : {}),
    onSynthesize: () => console.log(`Synthesizing ${source} to CloudFormation (first start or definition changed)…`),
  });
  const backend = await startLocalBackend({
    pool,
    port: options.port ?? Number(process.env.LOCAL_COGNITO_PORT ?? 9229),
    dataDir,
    // The admin only where the pool has their group (a variant may have none).
    seed: (pool.groups ?? []).some((g) => g.name === 'admins') ? [DEMO_USER, DEMO_ADMIN] : [DEMO_USER],
    allowedOrigins: allowedOriginsFromEnv(),
    sessionTtlMs: process.env.CHALLENGE_TTL_MS ? Number(process.env.CHALLENGE_TTL_MS) : undefined,
  });
  await writeFile(join(stateDir, 'amplify_outputs.json'), JSON.stringify(backend.outputs, null, 2));
  return backend;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const starting = startFromDefinition({ reset: process.argv.includes('--reset') });
  stopOnSignals('the local backend', async () => (await starting).close());
  const backend = await starting;
  console.log(`Local Cognito (cognito-local + MFA gap layer) on ${backend.endpoint}`);
  if (backend.outputs.auth.passwordless) {
    console.log(`  USER_AUTH  first factors ${JSON.stringify(backend.outputs.auth.passwordless)} (AMPLIFY_VARIANT=${variantFromEnv()})`);
  }
  console.log(`  user pool ${backend.userPoolId}, client ${backend.clientId}`);
  console.log(`  outputs   .amplify-local/amplify_outputs.json (also GET ${backend.endpoint}/_dev/outputs)`);
  console.log(`  inbox     GET ${backend.endpoint}/_dev/inbox (codes "sent" by SMS and email)`);
  console.log(`  demo user ${DEMO_USER.email} / ${DEMO_USER.password}`);
  console.log(`  admin     ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} (group admins, no MFA yet: the MFA policy makes them set it up)`);
  console.log(`  pages from ${backend.allowedOrigins.join(', ')} (more: LOCAL_COGNITO_ALLOWED_ORIGINS)`);
  console.log('Ctrl-C stops.');
}
