import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The parts of the synthesized `AWS::Cognito::UserPool` a local pool is built from. */
export interface PoolDefinition {
  readonly mfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  readonly enabledMfas: readonly ('SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP')[];
  readonly usernameAttributes: readonly string[];
  readonly autoVerifiedAttributes: readonly string[];
  readonly schema: readonly { Name: string; Required?: boolean; Mutable?: boolean }[];
  readonly passwordPolicy: Readonly<Record<string, number | boolean>>;
  readonly attributesRequireVerificationBeforeUpdate: readonly string[];
  /** The pool's `AWS::Cognito::UserPoolGroup`s, lowest precedence first (`defineAuth({ groups })` numbers them in order). */
  readonly groups?: readonly { readonly name: string; readonly precedence: number }[];
  /**
   * `Policies.SignInPolicy.AllowedFirstAuthFactors`: what a USER_AUTH sign-in may start with
   * (`loginWith.email.otpLogin`, `loginWith.phone.otpLogin`, `loginWith.webAuthn`). Absent: the pool has no USER_AUTH.
   */
  readonly allowedFirstAuthFactors?: readonly FirstAuthFactor[];
  /** `WebAuthnRelyingPartyID` and `WebAuthnUserVerification`, when the pool allows passkeys. */
  readonly webAuthn?: { readonly relyingPartyId: string; readonly userVerification: 'preferred' | 'required' };
  /** The web client's `ExplicitAuthFlows` (`ALLOW_USER_AUTH` when a passwordless factor is on). */
  readonly explicitAuthFlows?: readonly string[];
  /** True when the pool names the three custom-auth triggers (recovery codes), which the local backend runs in-process. */
  readonly customAuth?: boolean;
  /** The web client's attribute permissions; absent means every attribute, as in Cognito. */
  readonly clientReadAttributes?: readonly string[];
  readonly clientWriteAttributes?: readonly string[];
  /** The pool's `DeviceConfiguration`; absent when the pool does not track devices. */
  readonly deviceConfiguration?: {
    readonly ChallengeRequiredOnNewDevice: boolean;
    readonly DeviceOnlyRememberedOnUserPrompt: boolean;
  };
}

/** A first factor of Cognito's choice-based sign-in (USER_AUTH). */
export type FirstAuthFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

export interface SynthResult {
  /** The CDK cloud assembly directory (templates, manifest). */
  readonly outDir: string;
  /** Every template in the assembly, by file name. */
  readonly templates: Readonly<Record<string, CfnTemplate>>;
  readonly pool: PoolDefinition;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/**
 * Synthesizes `amplify/backend.ts` to CloudFormation offline, with no AWS
 * account: the Gen 2 backend is a CDK app, and CDK writes its assembly to
 * CDK_OUTDIR when the context names the backend.
 */
export async function synthesizeBackend(options: { outDir?: string; backendFile?: string } = {}): Promise<SynthResult> {
  const outDir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'amplify-synth-')));
  const backendFile = options.backendFile ?? join(repoRoot, 'amplify', 'backend.ts');
  const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  await run(process.execPath, [tsx, backendFile], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CDK_OUTDIR: outDir,
      CDK_CONTEXT_JSON: JSON.stringify({
        'amplify-backend-namespace': 'amplifymfaflow',
        'amplify-backend-name': 'local',
        'amplify-backend-type': 'sandbox',
      }),
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  const templates: Record<string, CfnTemplate> = {};
  for (const name of await readdir(outDir)) {
    if (name.endsWith('.template.json')) {
      templates[name] = JSON.parse(await readFile(join(outDir, name), 'utf8')) as CfnTemplate;
    }
  }
  return { outDir, templates, pool: poolDefinitionFrom(templates) };
}

/** Finds the one user pool in the assembly and keeps what a local pool needs. */
function poolDefinitionFrom(templates: Readonly<Record<string, CfnTemplate>>): PoolDefinition {
  const pools = Object.values(templates).flatMap((t) =>
    Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::Cognito::UserPool'),
  );
  if (pools.length !== 1) {
    throw new Error(`expected one AWS::Cognito::UserPool in the synthesized backend, found ${pools.length}`);
  }
  const p = pools[0]!.Properties ?? {};
  const policies = (p.Policies ?? {}) as {
    PasswordPolicy?: Record<string, number | boolean>;
    SignInPolicy?: { AllowedFirstAuthFactors?: FirstAuthFactor[] };
  };
  const update = (p.UserAttributeUpdateSettings ?? {}) as { AttributesRequireVerificationBeforeUpdate?: string[] };
  const devices = p.DeviceConfiguration as
    | { ChallengeRequiredOnNewDevice?: boolean; DeviceOnlyRememberedOnUserPrompt?: boolean }
    | undefined;
  const groups = Object.values(templates)
    .flatMap((t) => Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup'))
    .map((r) => r.Properties as { GroupName: string; Precedence?: number })
    .map((g) => ({ name: g.GroupName, precedence: g.Precedence ?? 0 }))
    .sort((a, b) => a.precedence - b.precedence);
  const clients = Object.values(templates).flatMap((t) =>
    Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::Cognito::UserPoolClient'),
  );
  const flows = clients.map((c) => (c.Properties?.ExplicitAuthFlows as string[] | undefined) ?? []);
  const factors = policies.SignInPolicy?.AllowedFirstAuthFactors;
  const relyingPartyId = p.WebAuthnRelyingPartyID as string | undefined;
  const lambdas = (p.LambdaConfig ?? {}) as Record<string, unknown>;
  const client = Object.values(templates)
    .flatMap((t) => Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::Cognito::UserPoolClient'))
    .map((r) => (r.Properties ?? {}) as { ReadAttributes?: string[]; WriteAttributes?: string[] })[0];
  return {
    mfaConfiguration: (p.MfaConfiguration as PoolDefinition['mfaConfiguration'] | undefined) ?? 'OFF',
    enabledMfas: (p.EnabledMfas as PoolDefinition['enabledMfas'] | undefined) ?? [],
    usernameAttributes: (p.UsernameAttributes as string[] | undefined) ?? [],
    autoVerifiedAttributes: (p.AutoVerifiedAttributes as string[] | undefined) ?? [],
    schema: (p.Schema as PoolDefinition['schema'] | undefined) ?? [],
    passwordPolicy: policies.PasswordPolicy ?? {},
    attributesRequireVerificationBeforeUpdate: update.AttributesRequireVerificationBeforeUpdate ?? [],
    groups,
    ...(factors ? { allowedFirstAuthFactors: factors } : {}),
    ...(relyingPartyId
      ? {
          webAuthn: {
            relyingPartyId,
            userVerification: (p.WebAuthnUserVerification as 'preferred' | 'required' | undefined) ?? 'preferred',
          },
        }
      : {}),
    ...(flows.length === 1 ? { explicitAuthFlows: flows[0] } : {}),
    customAuth: ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'].every((k) => k in lambdas),
    ...(client?.ReadAttributes ? { clientReadAttributes: client.ReadAttributes } : {}),
    ...(client?.WriteAttributes ? { clientWriteAttributes: client.WriteAttributes } : {}),
    ...(devices
      ? {
          deviceConfiguration: {
            ChallengeRequiredOnNewDevice: devices.ChallengeRequiredOnNewDevice === true,
            DeviceOnlyRememberedOnUserPrompt: devices.DeviceOnlyRememberedOnUserPrompt === true,
          },
        }
      : {}),
  };
}

export async function removeSynthOutput(result: SynthResult): Promise<void> {
  await rm(result.outDir, { recursive: true, force: true });
}

/** Every file under `dir` (recursively), sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().sort();
}

/**
 * What the synthesized pool depends on: the backend definition
 * (`amplify/backend.ts` and everything under `amplify/auth/`; for a variant, its own and the
 * product's recovery-code triggers it names), the lock of the
 * toolchain that synthesizes it (`amplify/package-lock.json`) and the code
 * that reads the templates (this file). Paths are hashed with their contents,
 * relative to `root`.
 */
export async function definitionHash(root = repoRoot, variant?: string): Promise<string> {
  const base = variant ? join(root, 'amplify', 'variants', variant, 'amplify') : join(root, 'amplify');
  const files = [
    join(base, 'backend.ts'),
    ...(await filesUnder(join(base, 'auth'))),
    // A variant's pool names the product's recovery-code triggers (amplify/auth/recovery) too.
    ...(variant ? await filesUnder(join(root, 'amplify', 'auth', 'recovery')) : []),
    join(root, 'amplify', 'package-lock.json'),
    join(root, 'amplify', 'local', 'synth.ts'),
  ];
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(relative(root, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Where cached syntheses go: outside the repository, never in git ($AMPLIFY_SYNTH_CACHE moves it). */
export const SYNTH_CACHE = process.env.AMPLIFY_SYNTH_CACHE ?? join(tmpdir(), 'amplify-mfa-flow-synth');

export interface CachedSynth {
  readonly pool: PoolDefinition;
  readonly templates: Readonly<Record<string, CfnTemplate>>;
  /** True when the definition had not changed since a synthesis this cache holds. */
  readonly cached: boolean;
}

/**
 * The synthesized templates and pool, from the cache when the definition has
 * not changed (see definitionHash), synthesizing (about 5 s, more on a busy
 * machine) and caching otherwise. The cache file is written whole, then
 * renamed, so runs side by side never read half of one. `variant` names a
 * definition under `amplify/variants/<variant>/amplify` instead of `amplify/`.
 */
export async function synthesizeCached(
  options: { cacheDir?: string; onSynthesize?: () => void; variant?: string } = {},
): Promise<CachedSynth> {
  const cacheDir = options.cacheDir ?? SYNTH_CACHE;
  const hash = await definitionHash(repoRoot, options.variant);
  const file = join(cacheDir, `${options.variant ? `${options.variant}-` : ''}${hash}.json`);
  try {
    const hit = JSON.parse(await readFile(file, 'utf8')) as Omit<CachedSynth, 'cached'>;
    return { ...hit, cached: true };
  } catch {
    options.onSynthesize?.();
    const synth = await synthesizeBackend(
      options.variant ? { backendFile: join(repoRoot, 'amplify', 'variants', options.variant, 'amplify', 'backend.ts') } : {},
    );
    await removeSynthOutput(synth);
    await mkdir(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}`;
    await writeFile(partial, JSON.stringify({ pool: synth.pool, templates: synth.templates }));
    await rename(partial, file);
    return { pool: synth.pool, templates: synth.templates, cached: false };
  }
}
