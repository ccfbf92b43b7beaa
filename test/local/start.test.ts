import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
const groups: ChildProcess[] = [];
afterAll(async () => {
  // Each start runs in its own process group; whatever a failed test left running goes with it.
  for (const child of groups) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** What `npm start` runs (package.json), as a command line that skips npm. */
async function startCommand(): Promise<string[]> {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: { start: string } };
  const [bin, ...args] = pkg.scripts.start.split(' ');
  const runners: Record<string, string[]> = { node: [], tsx: ['node_modules/tsx/dist/cli.mjs'] };
  const runner = runners[bin!];
  if (!runner) throw new Error(`npm start runs ${bin}, which this test does not know how to launch`);
  return [...runner, ...args];
}

async function runStart(dir: string, port: number, demoPort: number) {
  const child = spawn(process.execPath, await startCommand(), {
    env: { ...process.env, AMPLIFY_LOCAL_DIR: dir, LOCAL_COGNITO_PORT: String(port), DEMO_PORT: String(demoPort), VITEST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  groups.push(child);
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
  it('serves the demo and the seeded user on 127.0.0.1 to the demo origin only, stops on SIGTERM (and a repeat), and starts again on the same store, stopped by a late SIGINT', async () => {
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
    // The backend answers pages from the demo's origins, and no other page.
    for (const origin of [`http://127.0.0.1:${demoPort}`, `http://localhost:${demoPort}`]) {
      const allowed = await fetch(`http://127.0.0.1:${port}/_dev/outputs`, { headers: { origin } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    }
    expect((await fetch(`http://127.0.0.1:${port}/_dev/outputs`, { headers: { origin: 'https://evil.example' } })).status).toBe(403);

    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    // A terminal's Ctrl-C reaches npm too, which forwards it again: a repeat while stopping must not cut the stop short.
    first.child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('stopping')) first.child.kill('SIGTERM');
    });
    first.child.kill('SIGTERM');
    expect(await exited, first.output()).toBe(0);

    // A second start reuses the pool and needs no cleanup.
    const second = await runStart(dir, port, demoPort);
    const again = JSON.parse(await readFile(join(dir, 'amplify_outputs.json'), 'utf8')) as { auth: { user_pool_id: string } };
    expect(again.auth.user_pool_id).toBe(outputs.auth.user_pool_id);
    const stopped = new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    // Ctrl-C on a loaded machine: the process that gets the signal runs at once,
    // everything it started gets no CPU for a while. Stopping the process group
    // and waking only the leader plays that out every time.
    const group = -second.child.pid!;
    process.kill(group, 'SIGSTOP');
    second.child.kill('SIGINT');
    second.child.kill('SIGCONT');
    await sleep(500);
    try {
      process.kill(group, 'SIGCONT');
    } catch {
      // The group is gone: whatever ended it shows in the exit code.
    }
    expect(await stopped, second.output()).toBe(0);
  }, 60_000);
});
