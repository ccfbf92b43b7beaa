import { confirmSignIn, fetchMFAPreference, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticator, signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend, uniqueEmail } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// The same synthesized pool with MFA REQUIRED: cognito-local rejects a user
// without MFA there; Cognito (and the gap layer) asks them to set up TOTP.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend({ pool: { mfaConfiguration: 'ON' } });
});
afterAll(() => t.backend.close());

describe('a REQUIRED pool', () => {
  it('makes a user with no MFA set up TOTP during sign-in, then asks for TOTP next time', async () => {
    expect(t.backend.outputs.auth.mfa_configuration).toBe('REQUIRED');
    const email = await signUpConfirmed(t, 'required');
    const res = await signInWithPassword(t, email);
    expect(res.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    if (res.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') return;
    const uri = res.nextStep.totpSetupDetails.getSetupUri('amplify-mfa-flow', email);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/amplify-mfa-flow:${email}`);
    expect(uri.searchParams.get('issuer')).toBe('amplify-mfa-flow');
    const totp = authenticator(res.nextStep.totpSetupDetails.sharedSecret);

    const wrong = await confirmSignIn({ challengeResponse: '000000' }).catch((e: Error) => e);
    expect(wrong).toMatchObject({ name: 'CodeMismatchException' });
    const done = await confirmSignIn({ challengeResponse: totp.generate() });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchMFAPreference()).enabled).toEqual(['TOTP']);
    await signOut();

    const again = await signInWithPassword(t, email);
    expect(again.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: totp.generate() })).isSignedIn).toBe(true);
    await signOut();
  });

  it('a temporary password replaced is followed by the TOTP setup, not by tokens', async () => {
    const email = uniqueEmail('required-new-password');
    await t.backend.createUser({ email, password: PASSWORD, status: 'FORCE_CHANGE_PASSWORD' });
    expect((await signInWithPassword(t, email)).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const res = await confirmSignIn({ challengeResponse: 'New-passw0rd!' });
    if (res.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP')
      throw new Error(`expected the TOTP setup, got ${res.nextStep.signInStep}`);
    const totp = authenticator(res.nextStep.totpSetupDetails.sharedSecret);
    expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
  });

  it('the MFA setup session also expires after 3 minutes', async () => {
    const email = await signUpConfirmed(t, 'required-expiry');
    const res = await signInWithPassword(t, email);
    if (res.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') throw new Error(res.nextStep.signInStep);
    const totp = authenticator(res.nextStep.totpSetupDetails.sharedSecret);
    t.clock.advance(3 * 60 * 1000 + 1);
    const e = await confirmSignIn({ challengeResponse: totp.generate() }).catch((err: Error) => err);
    expect(e).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });
});
