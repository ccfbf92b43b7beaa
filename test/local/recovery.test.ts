import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Amplify, createAmplifyContext } from 'aws-amplify';
import { createUserPoolsTokenProvider } from 'aws-amplify/adapter-core';
import {
  type AuthError,
  confirmSignIn,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  signIn,
  signOut,
  updateMFAPreference,
  updateUserAttributes,
} from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { confirmRecoveryCode, signInWithRecoveryCode, startRecoveryCodes } from '../../src/amplify/recovery.js';
import { enrollTotp, signInWithPassword, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// Recovery codes through CUSTOM_AUTH (SRP first), with the real aws-amplify client
// against the local backend, which runs the pool's custom-auth triggers
// (amplify/auth/recovery/triggers.ts) in-process. One test per behaviour.
let t: TestBackend;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'recovery-store-'));
  t = await startTestBackend({ dataDir });
});
afterAll(async () => {
  await t.backend.close();
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(() => signOut());

async function rejection(p: Promise<unknown>): Promise<AuthError | Error> {
  const e = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

/** A user with an authenticator app (their "phone") and a saved set of recovery codes; signed out. */
async function userWithCodes(tag: string) {
  const email = await signUpConfirmed(t, tag);
  const totp = await enrollTotp(t, email);
  await updateMFAPreference({ totp: 'PREFERRED' });
  const pending = await startRecoveryCodes({ username: email, password: PASSWORD });
  await pending.confirmSaved();
  await signOut();
  return { email, totp, codes: pending.codes };
}

/** Everything the local store holds, as text. */
async function storeText(): Promise<string> {
  const files = await readdir(dataDir);
  return (await Promise.all(files.map((f) => readFile(join(dataDir, f), 'utf8').catch(() => '')))).join('\n');
}

/** A user's stored recovery record, read straight from the local store's files. */
async function storedRecord(email: string): Promise<{ h: string[]; s: string; u?: string[]; r?: string } | undefined> {
  for (const file of await readdir(dataDir)) {
    const data = JSON.parse(await readFile(join(dataDir, file), 'utf8')) as {
      Users?: Record<string, { Attributes: { Name: string; Value?: string }[] }>;
    };
    for (const user of Object.values(data.Users ?? {})) {
      if (user.Attributes.some((a) => a.Name === 'email' && a.Value === email)) {
        const value = user.Attributes.find((a) => a.Name === 'custom:recovery_codes')?.Value;
        return value ? (JSON.parse(value) as { h: string[]; s: string; u?: string[]; r?: string }) : undefined;
      }
    }
  }
  throw new Error(`no user ${email} in the local store`);
}

describe('recovery codes with the real aws-amplify client against the local backend', () => {
  it('a signed-in user gets 10 distinct codes, shown once; only their hashes reach the store', async () => {
    const email = await signUpConfirmed(t, 'rc-generate');
    await signInWithPassword(t, email);
    const pending = await startRecoveryCodes({ username: email, password: PASSWORD });
    expect(pending.codes).toHaveLength(10);
    expect(new Set(pending.codes).size).toBe(10);
    for (const code of pending.codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
    // Not saved yet: nothing stored.
    expect(await storedRecord(email)).toBeUndefined();
    await pending.confirmSaved();
    const store = await storeText();
    expect((await storedRecord(email))?.h).toHaveLength(10);
    for (const code of pending.codes) {
      expect(store).not.toContain(code);
      expect(store).not.toContain(code.replace('-', ''));
    }
    // The page's own session is untouched.
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it('a user who lost their phone signs in with the password and one code, and no MFA code is asked', async () => {
    const { email, codes } = await userWithCodes('rc-signin');
    expect((await signInWithPassword(t, email)).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    await signOut();
    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    await confirmRecoveryCode(codes[3]!.toUpperCase());
    expect((await getCurrentUser()).signInDetails).toEqual({ loginId: email, authFlowType: 'CUSTOM_WITH_SRP' });
    expect((await fetchAuthSession()).tokens?.accessToken).toBeDefined();
  });

  it('a used code is refused as used (not as wrong), and the sign-in can still be finished with another', async () => {
    const { email, codes } = await userWithCodes('rc-reuse');
    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    await confirmRecoveryCode(codes[0]!);
    await signOut();
    // Its hash moved from the unused to the used ones; the record holds hashes only.
    const after = await storedRecord(email);
    expect([after?.h.length, after?.u?.length, after?.r]).toEqual([9, 1, undefined]);
    for (const code of codes) expect(JSON.stringify(after)).not.toContain(code.replace('-', ''));
    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    expect((await rejection(confirmRecoveryCode(codes[0]!))).name).toBe('RecoveryCodeUsedException');
    expect((await storedRecord(email))?.r).toBe('used');
    // What the triggers say is about the last code only: a wrong one after it is wrong, a used one used again.
    expect((await rejection(confirmRecoveryCode('22222-22222'))).name).toBe('CodeMismatchException');
    expect((await rejection(confirmRecoveryCode(codes[0]!.toUpperCase()))).name).toBe('RecoveryCodeUsedException');
    await confirmRecoveryCode(codes[1]!);
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it('a wrong password never reaches the code', async () => {
    const { email } = await userWithCodes('rc-password');
    const e = await rejection(signInWithRecoveryCode({ username: email, password: 'Wrong-passw0rd!' }));
    expect(e.name).toBe('NotAuthorizedException');
  });

  it('wrong codes count toward the same lockout as MFA codes: five wrong, then locked, then the doubling wait', async () => {
    const { email, codes, totp } = await userWithCodes('rc-lockout');
    // One wrong MFA code first: the recovery codes add to the same count.
    await signInWithPassword(t, email);
    expect((await rejection(confirmSignIn({ challengeResponse: wrongCode(totp) }))).name).toBe('CodeMismatchException');
    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    for (let i = 0; i < 3; i++) {
      expect((await rejection(confirmRecoveryCode('22222-22222'))).name).toBe('CodeMismatchException');
    }
    // The fifth failure starts the lockout and ends this sign-in.
    const fifth = await rejection(confirmRecoveryCode('33333-33333'));
    expect(fifth.name).toBe('NotAuthorizedException');
    expect(fifth.message).toBe('Password attempts exceeded');
    const locked = await rejection(signInWithRecoveryCode({ username: email, password: PASSWORD }));
    expect(locked.message).toBe('Password attempts exceeded');
    t.clock.advance(1_500);
    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    await confirmRecoveryCode(codes[0]!);
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it('making a new set voids the old one, but only once the user has saved it', async () => {
    const { email, codes: oldCodes } = await userWithCodes('rc-regenerate');
    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    await confirmRecoveryCode(oldCodes[0]!);
    const discarded = await startRecoveryCodes({ username: email, password: PASSWORD });
    await discarded.discard();
    const fresh = await startRecoveryCodes({ username: email, password: PASSWORD });
    await fresh.confirmSaved();
    await signOut();

    await signInWithRecoveryCode({ username: email, password: PASSWORD });
    expect((await rejection(confirmRecoveryCode(oldCodes[1]!))).name).toBe('CodeMismatchException');
    expect((await rejection(confirmRecoveryCode(discarded.codes[0]!))).name).toBe('CodeMismatchException');
    await confirmRecoveryCode(fresh.codes[9]!);
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it('the web client can neither plant nor read the hashes (app-client attribute permissions)', async () => {
    const email = await signUpConfirmed(t, 'rc-plant');
    await signInWithPassword(t, email);
    const e = await rejection(updateUserAttributes({ userAttributes: { 'custom:recovery_codes': '{"v":1}' } }));
    expect(e.name).toBe('NotAuthorizedException');
    expect(e.message).toBe('A client attempted to write unauthorized attribute');
    const pending = await startRecoveryCodes({ username: email, password: PASSWORD });
    await pending.confirmSaved();
    expect(Object.keys(await fetchUserAttributes())).not.toContain('custom:recovery_codes');
    const session = await fetchAuthSession({ forceRefresh: true });
    expect(Object.keys(session.tokens?.idToken?.payload ?? {})).not.toContain('custom:recovery_codes');
  });

  it('making codes needs the current session: a password alone gets no codes', async () => {
    const email = await signUpConfirmed(t, 'rc-proof');
    // Someone with only the password drives the generate round with a made-up token.
    const config = Amplify.getConfig();
    const storage = new Map<string, string>();
    const ctx = createAmplifyContext(config, {
      Auth: {
        tokenProvider: createUserPoolsTokenProvider(config.Auth as never, {
          setItem: async (k, v) => void storage.set(k, v),
          getItem: async (k) => storage.get(k) ?? null,
          removeItem: async (k) => void storage.delete(k),
          clear: async () => storage.clear(),
        }),
      },
    });
    const started = await signIn(ctx, {
      username: email,
      password: PASSWORD,
      options: { authFlowType: 'CUSTOM_WITH_SRP', clientMetadata: { recovery: 'generate' } },
    });
    expect(started.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
      additionalInfo: { step: 'PROVE_SESSION' },
    });
    const forged = [
      'eyJhbGciOiJSUzI1NiJ9',
      Buffer.from(JSON.stringify({ sub: 'x', token_use: 'access', exp: 9e9 })).toString('base64url'),
      'c2ln',
    ].join('.');
    const e = await rejection(confirmSignIn(ctx, { challengeResponse: forged }));
    expect(e.name).toBe('NotAuthorizedException');
    expect(await storedRecord(email)).toBeUndefined();
  });

  it('a code is never a first factor: CUSTOM_WITHOUT_SRP is refused', async () => {
    const { email } = await userWithCodes('rc-nosrp');
    const e = await rejection(signIn({ username: email, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }));
    expect(e.name).toBe('NotAuthorizedException');
  });
});
