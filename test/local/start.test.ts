import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function runStart(dir: string, port: number, demoPort: number) {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'demo/serve.ts'], {
    env: { ...process.env, AMPLIFY_LOCAL_DIR: dir, LOCAL_COGNITO_PORT: String(port), DEMO_PORT: String(demoPort), VITEST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Ctrl-C stops.')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited ${code}: ${out}`));
    });
  });
  return { child, output: () => out };
}

describe('npm start (demo/serve.ts)', () => {
  it('serves the demo and the seeded user on 127.0.0.1, stops on SIGTERM, and starts again on the same store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amplify-local-start-'));
    dirs.push(dir);
    const port = await freePort();
    const demoPort = await freePort();
    const first = await runStart(dir, port, demoPort);
    expect(first.output()).toContain(`http://127.0.0.1:${port}`);
    expect(first.output()).toContain(`http://127.0.0.1:${demoPort}/`);
    expect(first.output()).toContain('demo@example.com');
    const page = await fetch(`http://127.0.0.1:${demoPort}/`);
    expect(await page.text()).toContain('<div id="root"></div>');
    const outputs = JSON.parse(await readFile(join(dir, 'amplify_outputs.json'), 'utf8')) as { auth: { user_pool_id: string } };
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: (outputs.auth as unknown as { user_pool_client_id: string }).user_pool_client_id,
        AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Demo-passw0rd!' },
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('AuthenticationResult.AccessToken');
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // A second start reuses the pool and needs no cleanup.
    const second = await runStart(dir, port, demoPort);
    const again = JSON.parse(await readFile(join(dir, 'amplify_outputs.json'), 'utf8')) as { auth: { user_pool_id: string } };
    expect(again.auth.user_pool_id).toBe(outputs.auth.user_pool_id);
    const stopped = new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGINT');
    expect(await stopped).toBe(0);
  }, 60_000);
});
