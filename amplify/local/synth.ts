import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
}

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
  const policies = (p.Policies ?? {}) as { PasswordPolicy?: Record<string, number | boolean> };
  const update = (p.UserAttributeUpdateSettings ?? {}) as { AttributesRequireVerificationBeforeUpdate?: string[] };
  return {
    mfaConfiguration: (p.MfaConfiguration as PoolDefinition['mfaConfiguration'] | undefined) ?? 'OFF',
    enabledMfas: (p.EnabledMfas as PoolDefinition['enabledMfas'] | undefined) ?? [],
    usernameAttributes: (p.UsernameAttributes as string[] | undefined) ?? [],
    autoVerifiedAttributes: (p.AutoVerifiedAttributes as string[] | undefined) ?? [],
    schema: (p.Schema as PoolDefinition['schema'] | undefined) ?? [],
    passwordPolicy: policies.PasswordPolicy ?? {},
    attributesRequireVerificationBeforeUpdate: update.AttributesRequireVerificationBeforeUpdate ?? [],
  };
}

export async function removeSynthOutput(result: SynthResult): Promise<void> {
  await rm(result.outDir, { recursive: true, force: true });
}
