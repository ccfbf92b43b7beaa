import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticator } from '../support/amplifyUsers.js';
import { PASSWORD } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { passwordlessUser, startPasswordlessBackend } from '../support/passwordless.js';

// The passwordless variant's pool with MFA REQUIRED. Cognito offers no passwordless first factor there
// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites):
// every user signs in with the password, and one without MFA sets it up right after it (MFA_SETUP).
let t: TestBackend;
beforeAll(async () => {
  t = await startPasswordlessBackend({ pool: { mfaConfiguration: 'ON' } });
}, 120_000);
afterAll(() => t.backend.close());
afterEach(() => signOut());

describe('USER_AUTH in a pool that requires MFA', () => {
  it('offers the password alone, and a user without MFA sets up TOTP after it', async () => {
    expect(t.backend.outputs.auth.mfa_configuration).toBe('REQUIRED');
    const { email } = await passwordlessUser(t, 'uar-setup');
    const res = await signIn({ username: email, options: { authFlowType: 'USER_AUTH' } });
    expect(res.nextStep).toEqual({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
    });
    await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
    const setup = await confirmSignIn({ challengeResponse: PASSWORD });
    if (setup.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP')
      throw new Error(`expected the TOTP setup, got ${setup.nextStep.signInStep}`);
    const totp = authenticator(setup.nextStep.totpSetupDetails.sharedSecret);
    expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });
});
