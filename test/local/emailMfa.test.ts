import { confirmSignIn, fetchMFAPreference, signOut, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFailure as failure } from '../support/failure.js';
import { enrollTotp, signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { startTestBackend, uniqueEmail, useBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// Email MFA (EMAIL_OTP), which cognito-local lacks, as amplify/local/gaps.ts answers it, through the real
// aws-amplify client: a pool whose definition enables it (EnabledMfas), one that does not, and a REQUIRED one
// where it is set up during sign-in. One test per behaviour.
const WITH_EMAIL = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] as const;
let optional: TestBackend;
let without: TestBackend;
let required: TestBackend;
beforeAll(async () => {
  [optional, without, required] = await Promise.all([
    startTestBackend({ pool: { enabledMfas: WITH_EMAIL } }),
    startTestBackend(),
    startTestBackend({ pool: { enabledMfas: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'], mfaConfiguration: 'ON' } }),
  ]);
});
afterAll(() => Promise.all([optional, without, required].map((t) => t?.backend.close())));
afterEach(() => signOut());

const codeFor = (t: TestBackend, email: string) => t.backend.inbox.latest({ destination: email, purpose: 'Authentication' }).code;
const wrong = (right: string) => (right === '000000' ? '111111' : '000000');

describe('email MFA in the local backend', () => {
  it('turned on and preferred, the next sign-in sends a code to the email, masked; a wrong code can be retried, the right one signs in', async () => {
    useBackend(optional);
    const email = await signUpConfirmed(optional, 'email-mfa');
    await signInWithPassword(optional, email);
    await updateMFAPreference({ email: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['EMAIL'], preferred: 'EMAIL' });
    await signOut();

    const res = await signInWithPassword(optional, email);
    expect(res.nextStep).toEqual({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: `${email[0]}***@e***` },
    });
    const code = codeFor(optional, email);
    expect(code).toMatch(/^\d{6}$/);
    expect((await failure(confirmSignIn({ challengeResponse: wrong(code) }))).name).toBe('CodeMismatchException');
    expect(await confirmSignIn({ challengeResponse: code })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  it('is refused where the pool does not enable it, and for a pool that does, turned off again it asks for nothing', async () => {
    useBackend(without);
    const plain = await signUpConfirmed(without, 'email-mfa-off');
    await signInWithPassword(without, plain);
    const e = await failure(updateMFAPreference({ email: 'ENABLED' }));
    expect(e.name).toBe('InvalidParameterException');
    expect((await fetchMFAPreference()).enabled).toBeUndefined();
    await signOut();

    useBackend(optional);
    const email = await signUpConfirmed(optional, 'email-mfa-disable');
    await signInWithPassword(optional, email);
    await updateMFAPreference({ email: 'ENABLED' });
    await updateMFAPreference({ email: 'DISABLED' });
    expect((await fetchMFAPreference()).enabled).toBeUndefined();
    await signOut();
    expect((await signInWithPassword(optional, email)).nextStep.signInStep).toBe('DONE');
  });

  it('with TOTP also on and neither preferred, the sign-in offers both; choosing email sends its code', async () => {
    useBackend(optional);
    const email = await signUpConfirmed(optional, 'email-mfa-select');
    await enrollTotp(optional, email);
    await updateMFAPreference({ totp: 'ENABLED', email: 'ENABLED' });
    await signOut();
    const res = await signInWithPassword(optional, email);
    if (res.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION') throw new Error(res.nextStep.signInStep);
    expect([...(res.nextStep.allowedMFATypes ?? [])].sort()).toEqual(['EMAIL', 'TOTP']);
    const chosen = await confirmSignIn({ challengeResponse: 'EMAIL' });
    expect(chosen.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    expect((await confirmSignIn({ challengeResponse: codeFor(optional, email) })).isSignedIn).toBe(true);
  });

  it('wrong email codes count toward the lockout like any MFA code', async () => {
    useBackend(optional);
    const email = await signUpConfirmed(optional, 'email-mfa-lockout');
    await signInWithPassword(optional, email);
    await updateMFAPreference({ email: 'PREFERRED' });
    await signOut();
    await signInWithPassword(optional, email);
    const code = codeFor(optional, email);
    for (let i = 0; i < 5; i += 1) await failure(confirmSignIn({ challengeResponse: wrong(code) }));
    const locked = await failure(confirmSignIn({ challengeResponse: code }));
    expect(locked).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    optional.clock.advance(60_000);
  });

  it('in a REQUIRED pool, a user with no MFA can set up email during sign-in: the address given gets the code, and email MFA is on', async () => {
    useBackend(required);
    const email = uniqueEmail('email-mfa-setup');
    await required.backend.createUser({ email, password: 'Correct-h0rse!' });
    const res = await signInWithPassword(required, email);
    if (res.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION') throw new Error(res.nextStep.signInStep);
    expect([...(res.nextStep.allowedMFATypes ?? [])].sort()).toEqual(['EMAIL', 'TOTP']);
    expect((await confirmSignIn({ challengeResponse: 'EMAIL' })).nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
    // Not an address: refused before any code is sent, and the same step takes a good one.
    const before = required.backend.inbox.list().length;
    expect((await failure(confirmSignIn({ challengeResponse: 'not@an-address' }))).name).toBe('InvalidParameterException');
    expect(required.backend.inbox.list()).toHaveLength(before);
    const sent = await confirmSignIn({ challengeResponse: email });
    expect(sent.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL' },
    });
    expect(await confirmSignIn({ challengeResponse: codeFor(required, email) })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect((await fetchMFAPreference()).enabled).toEqual(['EMAIL']);
    await signOut();
    expect((await signInWithPassword(required, email)).nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { destination: `${email[0]}***@e***` },
    });
  });
});
