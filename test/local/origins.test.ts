import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER, demoOrigins, parseOrigin } from '../../amplify/local/server.js';
import { allowedOriginsFromEnv } from '../../amplify/local/start.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// The local backend answers the demo's page and tools that send no Origin; a
// page from anywhere else must not read codes, drop users or call Cognito.
const EVIL = 'https://evil.example';
const [DEMO_IP, DEMO_LOCALHOST] = demoOrigins() as [string, string];
const CODE = '918273';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request, so that Origin and Host are exactly what a browser would send. */
function call(t: TestBackend, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.backend.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function listUsers(t: TestBackend, headers: Record<string, string> = {}): Promise<Reply> {
  return call(
    t,
    'POST',
    '/',
    { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers', ...headers },
    JSON.stringify({ UserPoolId: t.backend.userPoolId }),
  );
}

const preflight = (t: TestBackend, path: string, origin: string, method = 'POST') =>
  call(t, 'OPTIONS', path, {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
  });

function expectRefused(reply: Reply): void {
  expect(reply.status).toBe(403);
  expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  expect(reply.body).not.toContain(CODE);
  expect(reply.body).not.toContain(DEMO_USER.email);
}

let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend({ seed: DEMO_USER });
});
afterAll(() => t.backend.close());

function seedCode(): void {
  t.backend.inbox.add(
    { medium: 'EMAIL', destination: DEMO_USER.email, username: 'demo', email: DEMO_USER.email, purpose: 'Authentication', code: CODE },
    new Date(),
  );
}

async function userExists(email: string): Promise<boolean> {
  const reply = await listUsers(t);
  expect(reply.status).toBe(200);
  return reply.body.includes(email);
}

describe('a page from a foreign origin', () => {
  it('cannot read the inbox', async () => {
    seedCode();
    expectRefused(await call(t, 'GET', '/_dev/inbox', { origin: EVIL }));
  });

  it.each(['null', 'http://127.0.0.1:1', 'https://127.0.0.1:5173', 'http://localhost.evil.example:5173', 'http://127.0.0.1:51730'])(
    'cannot read the inbox from %s either',
    async (origin) => {
      seedCode();
      expectRefused(await call(t, 'GET', '/_dev/inbox', { origin }));
    },
  );

  it('cannot empty the inbox', async () => {
    seedCode();
    expectRefused(await call(t, 'DELETE', '/_dev/inbox', { origin: EVIL }));
    expect(t.backend.inbox.list({ purpose: 'Authentication' }).map((e) => e.code)).toContain(CODE);
  });

  it('cannot reset the backend (the users stay)', async () => {
    // Not the seeded user: a reset would seed that one again.
    const kept = { email: 'kept@example.com', password: 'Kept-passw0rd!' };
    await t.backend.createUser(kept);
    expect(await userExists(kept.email)).toBe(true);
    expectRefused(await call(t, 'POST', '/_dev/reset', { origin: EVIL, 'content-type': 'application/json' }, '{}'));
    expect(await userExists(kept.email)).toBe(true);
  });

  it('cannot read the outputs', async () => {
    expectRefused(await call(t, 'GET', '/_dev/outputs', { origin: EVIL }));
  });

  it('cannot call the Cognito API (ListUsers)', async () => {
    expectRefused(await listUsers(t, { origin: EVIL }));
  });

  it('gets no preflight approval, for the Cognito API or a dev route', async () => {
    expectRefused(await preflight(t, '/', EVIL));
    expectRefused(await preflight(t, '/_dev/reset', EVIL));
    expectRefused(await preflight(t, '/_dev/inbox', EVIL, 'DELETE'));
  });

  it('cannot get in by rebinding its own name to 127.0.0.1 (a foreign Host, no Origin)', async () => {
    seedCode();
    expectRefused(await call(t, 'GET', '/_dev/inbox', { host: `evil.example:${t.backend.port}` }));
    expectRefused(await listUsers(t, { host: `evil.example:${t.backend.port}` }));
  });
});

describe("the demo's own page", () => {
  it.each([DEMO_IP, DEMO_LOCALHOST])('reads the inbox from %s, with CORS echoing that origin (never *)', async (origin) => {
    seedCode();
    const reply = await call(t, 'GET', '/_dev/inbox', { origin });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(origin);
    expect(reply.headers.vary).toMatch(/\bOrigin\b/);
    expect(reply.body).toContain(CODE);
  });

  it('gets its preflight approved for the headers aws-amplify sends', async () => {
    const reply = await preflight(t, '/', DEMO_LOCALHOST);
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe(DEMO_LOCALHOST);
    expect(String(reply.headers['access-control-allow-headers'])).toContain('x-amz-target');
    expect(String(reply.headers['access-control-allow-methods'])).toContain('POST');
  });

  it('calls the Cognito API', async () => {
    const reply = await listUsers(t, { origin: DEMO_IP });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(DEMO_IP);
    expect(reply.body).toContain(DEMO_USER.email);
  });

  it('is allowed on another port once the demo adds its origin there', async () => {
    const other = 'http://127.0.0.1:40123';
    expectRefused(await call(t, 'GET', '/_dev/inbox', { origin: other }));
    t.backend.allowOrigins(...demoOrigins(40123));
    expect(t.backend.allowedOrigins).toEqual(expect.arrayContaining([other, 'http://localhost:40123']));
    const reply = await call(t, 'GET', '/_dev/inbox', { origin: other });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(other);
  });
});

describe('tools that send no Origin (Node, curl, aws-amplify in tests)', () => {
  it('read the inbox and call Cognito, with no CORS headers', async () => {
    seedCode();
    for (const host of [`127.0.0.1:${t.backend.port}`, `localhost:${t.backend.port}`]) {
      const inbox = await call(t, 'GET', '/_dev/inbox', { host });
      expect(inbox.status).toBe(200);
      expect(inbox.body).toContain(CODE);
      expect(inbox.headers['access-control-allow-origin']).toBeUndefined();
    }
    const users = await listUsers(t);
    expect(users.status).toBe(200);
    expect(users.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the allow-list itself', () => {
  it('takes exact origins; a path, a wildcard, null or another scheme is a TypeError', () => {
    expect(parseOrigin('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(parseOrigin('HTTPS://App.Example')).toBe('https://app.example');
    for (const bad of ['*', 'null', 'localhost:3000', 'http://localhost:3000/app', 'file:///tmp/x.html', 'http://127.0.0.1:5173/?x=1']) {
      expect(() => parseOrigin(bad), bad).toThrow(TypeError);
    }
  });

  it('is given to a backend as an option that replaces the default, and refuses a wildcard before starting', async () => {
    const own = await startTestBackend({ allowedOrigins: ['https://app.example'] });
    try {
      expect(own.backend.allowedOrigins).toEqual(['https://app.example']);
      expectRefused(await call(own, 'GET', '/_dev/inbox', { origin: DEMO_IP }));
      expect((await call(own, 'GET', '/_dev/inbox', { origin: 'https://app.example' })).status).toBe(200);
    } finally {
      await own.backend.close();
    }
    await expect(startTestBackend({ allowedOrigins: ['*'] })).rejects.toThrow(TypeError);
  });

  it('for `npm run backend` is the demo on its default port plus LOCAL_COGNITO_ALLOWED_ORIGINS', () => {
    expect(allowedOriginsFromEnv({})).toEqual(['http://127.0.0.1:5173', 'http://localhost:5173']);
    expect(allowedOriginsFromEnv({ LOCAL_COGNITO_ALLOWED_ORIGINS: 'https://app.example, http://localhost:3000/' })).toEqual([
      'http://127.0.0.1:5173',
      'http://localhost:5173',
      'https://app.example',
      'http://localhost:3000',
    ]);
    expect(() => allowedOriginsFromEnv({ LOCAL_COGNITO_ALLOWED_ORIGINS: '*' })).toThrow(TypeError);
  });
});
