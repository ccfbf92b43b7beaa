import { LocalClock, startLocalBackend } from '../../amplify/local/server.js';
import type { LocalBackendOptions } from '../../amplify/local/server.js';
import { synthesizeCached } from '../../amplify/local/synth.js';
import type { CachedSynth, PoolDefinition } from '../../amplify/local/synth.js';
import { signIn, signOut, updateMFAPreference } from 'aws-amplify/auth';
import type { TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SoftwareAuthenticator } from './authenticator.js';
import { configureAmplify } from '../../src/amplify/configure.js';
import { enrollTotp, signInWithPassword } from './amplifyUsers.js';
import type { TestBackend } from './backend.js';
import { PASSWORD, uniqueEmail } from './backend.js';

/** The passwordless, passkey-first variant (amplify/variants/passwordless), synthesized once and cached like the main definition. */
export function synthesizePasswordless(): Promise<CachedSynth> {
  return synthesizeCached({ variant: 'passwordless' });
}

/** A local backend provisioned from the passwordless variant (optionally varied, e.g. MFA required), with Amplify pointed at it. */
export async function startPasswordlessBackend(
  options: Omit<LocalBackendOptions, 'pool' | 'clock'> & { pool?: Partial<PoolDefinition> } = {},
): Promise<TestBackend> {
  const { pool: variant = {}, ...rest } = options;
  const { pool } = await synthesizePasswordless();
  const clock = new LocalClock();
  const backend = await startLocalBackend({ seed: false, ...rest, pool: { ...pool, ...variant }, clock });
  return { backend, connection: configureAmplify(backend.outputs), clock };
}

let phones = 0;
/** A unique E.164 number per call in this process. */
function uniquePhone(): string {
  phones += 1;
  return `+1555${String(process.pid % 1000).padStart(3, '0')}${String(phones).padStart(4, '0')}`;
}

/** Creates a confirmed user with a verified email and (unless `phone: false`) a verified phone; returns the email and phone. */
export async function passwordlessUser(t: TestBackend, tag: string, options: { phone?: boolean } = {}) {
  const email = uniqueEmail(tag);
  const phone = options.phone === false ? undefined : uniquePhone();
  await t.backend.createUser({ email, password: PASSWORD, ...(phone ? { phone } : {}) });
  return { email, phone };
}

/** The MFA a user has set up: an authenticator app, SMS codes to their phone, or both with none preferred. */
export type UserMfa = 'none' | 'totp' | 'sms' | 'both';

/**
 * Sets MFA up for a user who has a password (and a verified phone for SMS), as they would themselves: signed in
 * with the password, the authenticator app enrolled, the preference saved; leaves Amplify signed out. Returns the app.
 */
export async function setUpMfa(t: TestBackend, email: string, mfa: UserMfa): Promise<TOTP | undefined> {
  if (mfa === 'none') return undefined;
  let totp: TOTP | undefined;
  if (mfa === 'sms') {
    const res = await signInWithPassword(t, email);
    if (res.nextStep.signInStep !== 'DONE') throw new Error(`expected DONE, got ${res.nextStep.signInStep}`);
  } else totp = await enrollTotp(t, email);
  if (mfa === 'totp') await updateMFAPreference({ totp: 'PREFERRED' });
  if (mfa === 'sms') await updateMFAPreference({ sms: 'PREFERRED' });
  if (mfa === 'both') await updateMFAPreference({ totp: 'ENABLED', sms: 'ENABLED' });
  await signOut();
  return totp;
}

/** aws-amplify's choice-based sign-in (USER_AUTH), with a password and a preferred first factor or not. */
export const userAuth = (
  username: string,
  extra: { password?: string; preferredChallenge?: 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN' } = {},
) =>
  signIn({
    username,
    ...(extra.password ? { password: extra.password } : {}),
    options: { authFlowType: 'USER_AUTH', ...(extra.preferredChallenge ? { preferredChallenge: extra.preferredChallenge } : {}) },
  });

/**
 * A test file's passwordless backend (started once) and a fresh software authenticator per test (`onDevice()`, the
 * one in use as `device`), taken off and signed out after each test.
 */
export function passkeyRig() {
  let uninstall: (() => void) | undefined;
  const rig = {
    t: undefined as unknown as TestBackend,
    device: undefined as unknown as SoftwareAuthenticator,
    /** A new device, on the page the relying party serves unless `origin` says otherwise. */
    onDevice(origin = 'http://localhost:5173'): SoftwareAuthenticator {
      uninstall?.();
      rig.device = new SoftwareAuthenticator(origin);
      uninstall = rig.device.install();
      return rig.device;
    },
  };
  beforeAll(async () => {
    rig.t = await startPasswordlessBackend();
  }, 120_000);
  afterAll(() => rig.t?.backend.close());
  afterEach(async () => {
    uninstall?.();
    uninstall = undefined;
    await signOut();
  });
  return rig;
}
