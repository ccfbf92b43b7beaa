/**
 * The embedded local backend: cognito-local running in this process on
 * 127.0.0.1, provisioned from the synthesized Gen 2 definition, with the MFA
 * gaps closed (gaps.ts) and every code it "sends" captured in an inbox.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'cognito-local/lib/server/server.js';
import type { Router } from 'cognito-local/lib/server/Router.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb.js';
import type { Messages } from 'cognito-local/lib/services/messages.js';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator.js';
import type { Triggers } from 'cognito-local/lib/services/triggers/index.js';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService.js';
import type { Logger } from 'pino';
import { closeGaps } from './gaps.js';
import { FaultPlan } from './faults.js';
import { createRecoveryTriggers } from '../auth/recovery/triggers.js';
import type { PoolDefinition } from './synth.js';

const cognitoRequire = createRequire(createRequire(import.meta.url).resolve('cognito-local/package.json'));
// cognito-local logs through pino; reuse its own copy rather than pin a second one.
const pino = cognitoRequire('pino') as (options: { level: string }) => Logger;

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
type OriginCheck = (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) => void;
// The same `cors` package cognito-local mounts, configured to echo one allowed origin instead of `*`.
const cors = cognitoRequire('cors') as (options: { origin: OriginCheck; maxAge: number }) => Middleware;

/** A clock the tests can move forward instead of sleeping. */
export class LocalClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

interface InboxEntry {
  readonly id: number;
  readonly at: string;
  readonly medium: 'SMS' | 'EMAIL';
  readonly destination: string;
  /** The pool's username (a uuid in an email-username pool). */
  readonly username: string;
  readonly email: string | undefined;
  /** What the code is for: SignUp, Authentication, UpdateUserAttribute, VerifyUserAttribute, ForgotPassword, … */
  readonly purpose: string;
  readonly code: string;
}

interface InboxFilter {
  readonly medium?: 'SMS' | 'EMAIL';
  readonly destination?: string;
  readonly email?: string;
  readonly purpose?: string;
}

/** Everything the local backend "sent", newest last. */
class Inbox {
  private readonly entries: InboxEntry[] = [];
  private nextId = 1;

  add(entry: Omit<InboxEntry, 'id' | 'at'>, at: Date): InboxEntry {
    const full = { ...entry, id: this.nextId++, at: at.toISOString() };
    this.entries.push(full);
    return full;
  }
  list(filter: InboxFilter = {}): InboxEntry[] {
    return this.entries.filter(
      (e) =>
        (!filter.medium || e.medium === filter.medium) &&
        (!filter.destination || e.destination === filter.destination) &&
        (!filter.email || e.email === filter.email) &&
        (!filter.purpose || e.purpose === filter.purpose),
    );
  }
  /** The newest entry that matches; throws when nothing matches, naming the filter. */
  latest(filter: InboxFilter = {}): InboxEntry {
    const found = this.list(filter).at(-1);
    if (!found) throw new Error(`no code in the inbox for ${JSON.stringify(filter)}`);
    return found;
  }
  clear(): void {
    this.entries.length = 0;
  }
}

export interface DemoUser {
  readonly email: string;
  readonly password: string;
  /** Groups of the pool the user is added to, as an administrator would (AdminAddUserToGroup). */
  readonly groups?: readonly string[];
}

export const DEMO_USER: DemoUser = { email: 'demo@example.com', password: 'Demo-passw0rd!' };

/** In the `admins` group, without MFA: the app's MFA policy makes them set it up at their first sign-in. */
export const DEMO_ADMIN: DemoUser = { email: 'admin@example.com', password: 'Admin-passw0rd!', groups: ['admins'] };

/** The `auth` part of amplify_outputs.json, as `ampx` writes it. */
interface AmplifyAuthOutputs {
  readonly aws_region: string;
  readonly user_pool_id: string;
  readonly user_pool_client_id: string;
  readonly password_policy: Readonly<Record<string, number | boolean>>;
  readonly username_attributes: readonly string[];
  readonly standard_required_attributes: readonly string[];
  readonly user_verification_types: readonly string[];
  readonly mfa_configuration: 'NONE' | 'OPTIONAL' | 'REQUIRED';
  readonly mfa_methods: readonly ('SMS' | 'TOTP' | 'EMAIL')[];
  /** `[{ admins: { precedence: 0 } }]`, as ampx writes them. */
  readonly groups: readonly Readonly<Record<string, { readonly precedence: number }>>[];
  /** Written when the pool allows a passwordless first factor (USER_AUTH), as ampx writes it. */
  readonly passwordless?: {
    readonly email_otp_enabled: boolean;
    readonly sms_otp_enabled: boolean;
    readonly web_authn?: { readonly relying_party_id: string; readonly user_verification: string };
  };
}

interface LocalOutputs {
  readonly version: '1.4';
  readonly auth: AmplifyAuthOutputs;
  /** Where the local Cognito answers; real deployments have no such field. */
  readonly custom: { readonly local_cognito_endpoint: string };
}

/** The port `npm start` serves the demo on unless DEMO_PORT says otherwise. */
export const DEMO_PORT = 5173;

/** The origins the demo's page has when Vite serves it on 127.0.0.1:`port` (and localhost resolves there). */
export function demoOrigins(port: number = DEMO_PORT): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * `scheme://host[:port]` as a browser sends it in `Origin`; a trailing slash is
 * dropped. Anything else (a path, `*`, `null`, another scheme) is a TypeError.
 */
export function parseOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`not a web origin (scheme://host:port): ${JSON.stringify(value)}`);
  }
  return url.origin;
}

// The names the backend is reached by on 127.0.0.1; any other Host is a page that rebound its own name here.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function fromLoopbackName(host: string | undefined): boolean {
  if (host === undefined) return true;
  try {
    return LOOPBACK_HOSTS.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/**
 * Pages from `allowed` origins get CORS headers echoing their origin; tools
 * that send no Origin pass without any. Everything else (another origin, a
 * preflight from one, a Host that is not a loopback name) gets a bare 403
 * before any route runs.
 */
function originPolicy(allowed: ReadonlySet<string>): Middleware {
  const echo = cors({ origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)), maxAge: 600 });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!fromLoopbackName(req.headers.host) || (origin !== undefined && !allowed.has(origin))) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden');
      return;
    }
    echo(req, res, next);
  };
}

/** The slice of an express 5 app whose middleware stack is replaced. */
interface MiddlewareStack {
  readonly router: { readonly stack: { name: string; handle: Middleware }[] };
}

/** cognito-local mounts `cors({ origin: '*' })` first thing; its layer gets the origin policy instead. */
function replaceCors(app: MiddlewareStack, policy: Middleware): void {
  const layer = app.router.stack.find((l) => l.name === 'corsMiddleware');
  if (!layer) throw new Error("cognito-local's CORS middleware was not found: the origin policy cannot be installed");
  layer.handle = policy;
  layer.name = 'originPolicy';
}

export interface LocalBackendOptions {
  readonly pool: PoolDefinition;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Where users are stored; a fresh temp dir (removed on close) when absent. */
  readonly dataDir?: string;
  readonly clock?: LocalClock;
  /** Sign-in challenge lifetime; Cognito's default is 3 minutes. */
  readonly sessionTtlMs?: number;
  /** The users created at start (and after reset); `false` for none. */
  readonly seed?: DemoUser | readonly DemoUser[] | false;
  readonly logLevel?: string;
  /**
   * Web origins whose pages may call the backend (`/_dev/*` and the Cognito
   * API); any other origin gets 403. Requests without an Origin (Node, curl,
   * aws-amplify in tests) always pass. Default: `demoOrigins()`.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * The origins a passkey ceremony may come from. Default: the allowed origins
   * whose host is the pool's relying party id or under it (`http://localhost:5173`
   * for `localhost`, never `http://127.0.0.1:5173`), read at each check.
   */
  readonly webAuthnOrigins?: readonly string[];
}

export interface LocalBackend {
  readonly endpoint: string;
  readonly port: number;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly outputs: LocalOutputs;
  readonly inbox: Inbox;
  readonly clock: LocalClock;
  /** Failures the next calls get instead of their answers, for tests (nothing unless one is queued). */
  readonly faults: FaultPlan;
  /** The origins whose pages may call the backend now. */
  readonly allowedOrigins: readonly string[];
  /** Lets pages from more origins call the backend (the demo adds its own once Vite has a port). */
  allowOrigins(...origins: string[]): void;
  /**
   * Creates a user as an administrator would, with a verified email (and
   * phone, when given). `status` sets up the states Cognito sign-in reacts to:
   * RESET_REQUIRED (an admin reset the password) or FORCE_CHANGE_PASSWORD (a
   * temporary password); CONFIRMED by default.
   */
  createUser(user: DemoUser & { phone?: string; status?: 'CONFIRMED' | 'RESET_REQUIRED' | 'FORCE_CHANGE_PASSWORD' }): Promise<void>;
  /** Adds a user (by email) to a group of the pool, as AdminAddUserToGroup does; their next tokens carry it. */
  addToGroup(email: string, group: string): Promise<void>;
  /** Takes a user (by email) out of a group, as AdminRemoveUserFromGroup does; tokens already issued still carry it. */
  removeFromGroup(email: string, group: string): Promise<void>;
  /** Drops every user, session, lockout and inbox entry, then seeds again. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

interface DevResponse {
  json(body: unknown): void;
  status(code: number): DevResponse;
}
type DevHandler = (req: unknown, res: DevResponse) => void;
/** The slice of cognito-local's express app that the dev routes use. */
interface DevRoutes {
  get(path: string, handler: DevHandler): void;
  post(path: string, handler: DevHandler): void;
  delete(path: string, handler: DevHandler): void;
}

const POOL_NAME = 'amplify-mfa-flow-local';
const CLIENT_NAME = 'amplify-mfa-flow-web';
const CTX_LEVEL_DEFAULT = 'error';

// No Lambda triggers run locally; anything but `enabled` would be a bug.
const noTriggers = new Proxy({ enabled: () => false } as Partial<Triggers>, {
  get(target, key) {
    if (key in target) return target[key as keyof Triggers];
    throw new Error(`local backend has no Lambda triggers (asked for ${String(key)})`);
  },
}) as Triggers;

function mfaMode(mode: PoolDefinition['mfaConfiguration']): AmplifyAuthOutputs['mfa_configuration'] {
  return mode === 'ON' ? 'REQUIRED' : mode === 'OPTIONAL' ? 'OPTIONAL' : 'NONE';
}

const PASSWORD_POLICY_KEYS: Readonly<Record<string, string>> = {
  MinimumLength: 'min_length',
  RequireLowercase: 'require_lowercase',
  RequireUppercase: 'require_uppercase',
  RequireNumbers: 'require_numbers',
  RequireSymbols: 'require_symbols',
};

function outputsFor(pool: PoolDefinition, ids: { userPoolId: string; clientId: string; endpoint: string }): LocalOutputs {
  const methods = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' } as const;
  return {
    version: '1.4',
    auth: {
      aws_region: ids.userPoolId.split('_')[0] ?? 'local',
      user_pool_id: ids.userPoolId,
      user_pool_client_id: ids.clientId,
      password_policy: Object.fromEntries(
        Object.entries(pool.passwordPolicy).flatMap(([k, v]) => (PASSWORD_POLICY_KEYS[k] ? [[PASSWORD_POLICY_KEYS[k], v]] : [])),
      ),
      username_attributes: pool.usernameAttributes,
      standard_required_attributes: pool.schema.filter((a) => a.Required).map((a) => a.Name),
      user_verification_types: pool.autoVerifiedAttributes,
      mfa_configuration: mfaMode(pool.mfaConfiguration),
      mfa_methods: pool.enabledMfas.map((m) => methods[m]),
      groups: (pool.groups ?? []).map((g) => ({ [g.name]: { precedence: g.precedence } })),
      ...(pool.allowedFirstAuthFactors ? { passwordless: passwordlessOutputs(pool) } : {}),
    },
    custom: { local_cognito_endpoint: ids.endpoint },
  };
}

function passwordlessOutputs(pool: PoolDefinition): NonNullable<AmplifyAuthOutputs['passwordless']> {
  const factors = pool.allowedFirstAuthFactors ?? [];
  return {
    email_otp_enabled: factors.includes('EMAIL_OTP'),
    sms_otp_enabled: factors.includes('SMS_OTP'),
    ...(factors.includes('WEB_AUTHN') && pool.webAuthn
      ? { web_authn: { relying_party_id: pool.webAuthn.relyingPartyId, user_verification: pool.webAuthn.userVerification } }
      : {}),
  };
}

/** Whether a page at `origin` may use passkeys of relying party `rpId`: its host is the id or under it. */
function originServesRelyingParty(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const allowed = new Set((options.allowedOrigins ?? demoOrigins()).map(parseOrigin));
  const clock = options.clock ?? new LocalClock();
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cognito-local-')));
  const logger = pino({ level: options.logLevel ?? process.env.LOCAL_COGNITO_LOG_LEVEL ?? CTX_LEVEL_DEFAULT });
  const ctx = { logger };
  const inbox = new Inbox();
  const cognitoClock = { get: () => new Date(clock.now()) };

  const dataStoreFactory = new StormDBDataStoreFactory(dataDir);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDir,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(cognitoClock, dataStoreFactory),
  ).create(ctx, {});

  const messages: Messages = {
    async deliver(_ctx, source, _clientId, _poolId, user, code, _metadata, details) {
      const email = user.Attributes.find((a) => a.Name === 'email')?.Value;
      inbox.add(
        {
          medium: details.DeliveryMedium === 'SMS' ? 'SMS' : 'EMAIL',
          destination: details.Destination ?? '',
          username: user.Username,
          email,
          purpose: source,
          code,
        },
        new Date(clock.now()),
      );
    },
  };

  // The issuer needs the port, which is only known once listening; fill it in then.
  const tokenConfig: { IssuerDomain?: string } = {};
  const services: Services = {
    clock: cognitoClock,
    cognito,
    config: {
      LambdaClient: {},
      TriggerFunctions: {},
      UserPoolDefaults: {},
      TokenConfig: tokenConfig,
      ServerConfig: {},
    },
    messages,
    otp: () => String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0'),
    tokenGenerator: new JwtTokenGenerator(cognitoClock, noTriggers, tokenConfig),
    triggers: noTriggers,
  };

  const relyingPartyId = options.pool.webAuthn?.relyingPartyId;
  const gaps = closeGaps(services, {
    clock,
    sessionTtlMs: options.sessionTtlMs ?? 3 * 60 * 1000,
    ...(options.pool.allowedFirstAuthFactors ? { allowedFirstAuthFactors: options.pool.allowedFirstAuthFactors } : {}),
    ...(options.pool.webAuthn && relyingPartyId
      ? {
          relyingParty: {
            id: relyingPartyId,
            userVerification: options.pool.webAuthn.userVerification,
            origins: () => options.webAuthnOrigins ?? [...allowed].filter((o) => originServesRelyingParty(o, relyingPartyId)),
          },
        }
      : {}),
    ...(options.pool.customAuth ? { customAuthTriggers: createRecoveryTriggers } : {}),
  });
  const call = (target: string, req: object) => (gaps.router as Router)(target)(ctx, req) as Promise<Record<string, never>>;

  const server = createServer(gaps.router, logger, { hostname: '127.0.0.1', port: options.port ?? 0, https: false });
  const app = server.application as DevRoutes & MiddlewareStack;
  // Faults a test queued (amplify/local/faults.ts) are given after the origin check, so a page sees them as Cognito's.
  const faults = new FaultPlan();
  const policy = originPolicy(allowed);
  replaceCors(app, (req, res, next) => policy(req, res, () => faults.handle(req, res, next)));
  const http: HttpServer = await server.start();
  const port = (http.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  tokenConfig.IssuerDomain = endpoint;

  const { userPoolId, clientId } = await provision(options.pool);
  const outputs = outputsFor(options.pool, { userPoolId, clientId, endpoint });

  async function provision(pool: PoolDefinition): Promise<{ userPoolId: string; clientId: string }> {
    const existing = (await cognito.listUserPools(ctx)).find((p) => p.Name === POOL_NAME);
    let id = existing?.Id;
    if (!id) {
      const created = (await call('CreateUserPool', {
        PoolName: POOL_NAME,
        MfaConfiguration: pool.mfaConfiguration,
        UsernameAttributes: pool.usernameAttributes,
        AutoVerifiedAttributes: pool.autoVerifiedAttributes,
        Schema: pool.schema.map((a) => ({ AttributeDataType: 'String', ...a })),
        Policies: { PasswordPolicy: pool.passwordPolicy },
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
      })) as unknown as { UserPool: { Id: string } };
      id = created.UserPool.Id;
    }
    // Applied on every start, so an edited definition reaches an existing local pool.
    // cognito-local's getGroupByGroupName throws on a store without any group yet; listGroups does not.
    const existingGroups = new Set((await (await cognito.getUserPool(ctx, id)).listGroups(ctx)).map((g) => g.GroupName));
    for (const group of pool.groups ?? []) {
      if (!existingGroups.has(group.name)) {
        await call('CreateGroup', { UserPoolId: id, GroupName: group.name, Precedence: group.precedence });
      }
    }
    // Device tracking as the definition sets it (or none), also on every start; read by amplify/local/gaps/devices.ts.
    const poolService = await cognito.getUserPool(ctx, id);
    // Email MFA as the definition sets it (cognito-local has no option for it; amplify/local/gaps.ts reads this one).
    const emailMfa = pool.enabledMfas.includes('EMAIL_OTP') ? { EmailMfaConfiguration: { Message: 'Your sign-in code is {####}' } } : {};
    const { EmailMfaConfiguration: _was, ...options } = poolService.options as typeof poolService.options & {
      EmailMfaConfiguration?: unknown;
    };
    await poolService.updateOptions(ctx, { ...options, ...emailMfa, DeviceConfiguration: pool.deviceConfiguration });
    await call('SetUserPoolMfaConfig', {
      UserPoolId: id,
      MfaConfiguration: pool.mfaConfiguration,
      SoftwareTokenMfaConfiguration: { Enabled: pool.enabledMfas.includes('SOFTWARE_TOKEN_MFA') },
      ...(pool.enabledMfas.includes('SMS_MFA')
        ? { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your authentication code is {####}' } }
        : {}),
    });
    const client =
      (await cognito.listAppClients(ctx, id)).find((c) => c.ClientName === CLIENT_NAME) ??
      (
        (await call('CreateUserPoolClient', {
          UserPoolId: id,
          ClientName: CLIENT_NAME,
          ExplicitAuthFlows: [
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
            ...(pool.allowedFirstAuthFactors ? ['ALLOW_USER_AUTH'] : []),
            ...(pool.customAuth ? ['ALLOW_CUSTOM_AUTH'] : []),
          ],
          ...(pool.clientReadAttributes ? { ReadAttributes: pool.clientReadAttributes } : {}),
          ...(pool.clientWriteAttributes ? { WriteAttributes: pool.clientWriteAttributes } : {}),
        })) as unknown as { UserPoolClient: { ClientId: string } }
      ).UserPoolClient;
    return { userPoolId: id, clientId: client.ClientId };
  }

  // Written straight to the store, as an administrator would create a user: no sign-up code is sent.
  async function createUser(
    user: DemoUser & { phone?: string; status?: 'CONFIRMED' | 'RESET_REQUIRED' | 'FORCE_CHANGE_PASSWORD' },
  ): Promise<void> {
    const pool = await cognito.getUserPool(ctx, userPoolId);
    if (await pool.getUserByUsername(ctx, user.email)) return;
    const sub = randomUUID();
    const now = new Date(clock.now());
    await pool.saveUser(ctx, {
      Username: options.pool.usernameAttributes.includes('email') ? sub : user.email,
      Password: user.password,
      UserStatus: user.status ?? 'CONFIRMED',
      Enabled: true,
      UserCreateDate: now,
      UserLastModifiedDate: now,
      RefreshTokens: [],
      Attributes: [
        { Name: 'sub', Value: sub },
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: 'true' },
        ...(user.phone
          ? [
              { Name: 'phone_number', Value: user.phone },
              { Name: 'phone_number_verified', Value: 'true' },
            ]
          : []),
      ],
    });
    for (const group of user.groups ?? []) await addToGroup(user.email, group);
  }

  async function usernameOf(email: string): Promise<string> {
    const found = await (await cognito.getUserPool(ctx, userPoolId)).getUserByUsername(ctx, email);
    if (!found) throw new Error(`no user ${email} in the local pool`);
    return found.Username;
  }

  async function addToGroup(email: string, group: string): Promise<void> {
    await call('AdminAddUserToGroup', { UserPoolId: userPoolId, Username: await usernameOf(email), GroupName: group });
  }

  async function removeFromGroup(email: string, group: string): Promise<void> {
    await call('AdminRemoveUserFromGroup', { UserPoolId: userPoolId, Username: await usernameOf(email), GroupName: group });
  }

  async function seed(): Promise<void> {
    if (options.seed === false) return;
    const users = options.seed ?? DEMO_USER;
    for (const user of Array.isArray(users) ? (users as readonly DemoUser[]) : [users as DemoUser]) await createUser(user);
  }

  async function reset(): Promise<void> {
    const pool = await cognito.getUserPool(ctx, userPoolId);
    for (const user of await pool.listUsers(ctx)) await pool.deleteUser(ctx, user);
    gaps.reset();
    inbox.clear();
    await seed();
  }

  // Development-only routes for the demo's inbox panel and configuration.
  app.get('/_dev/inbox', (_req, res) => {
    res.json({ entries: inbox.list() });
  });
  app.delete('/_dev/inbox', (_req, res) => {
    inbox.clear();
    res.json({ entries: [] });
  });
  app.get('/_dev/outputs', (_req, res) => {
    res.json(outputs);
  });
  app.post('/_dev/reset', (_req, res) => {
    reset().then(
      () => res.json({ ok: true }),
      (e: unknown) => res.status(500).json({ message: String(e) }),
    );
  });

  await seed();

  return {
    endpoint,
    port,
    userPoolId,
    clientId,
    outputs,
    inbox,
    clock,
    faults,
    get allowedOrigins() {
      return [...allowed];
    },
    allowOrigins(...origins) {
      for (const origin of origins.map(parseOrigin)) allowed.add(origin);
    },
    createUser,
    addToGroup,
    removeFromGroup,
    reset,
    async close() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
