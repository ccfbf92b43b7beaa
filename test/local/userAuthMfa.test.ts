import { AuthError, confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { passwordlessUser, setUpMfa, startPasswordlessBackend } from '../support/passwordless.js';

// MFA in choice-based sign-in (USER_AUTH) on the local backend provisioned from the passwordless variant (optional
// SMS and TOTP MFA), driven by the real aws-amplify client. Cognito's rule: MFA and the passwordless first factors
// do not go together. A user with MFA is offered the password alone, and after it the MFA they have, as after any
// password (https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/,
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites).
let t: TestBackend;
beforeAll(async () => {
  t = await startPasswordlessBackend();
}, 120_000);
afterAll(() => t.backend.close());
afterEach(() => signOut());

const userAuth = (username: string, extra: { password?: string; preferredChallenge?: 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' } = {}) =>
  signIn({
    username,
    ...(extra.password ? { password: extra.password } : {}),
    options: { authFlowType: 'USER_AUTH', ...(extra.preferredChallenge ? { preferredChallenge: extra.preferredChallenge } : {}) },
  });

const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
const PASSWORD_ONLY = { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] };

describe('USER_AUTH for users with MFA (passwordless variant, MFA optional)', () => {
  it('a user with MFA is offered the password alone: no emailed or texted code', async () => {
    const { email } = await passwordlessUser(t, 'uam-offer');
    await setUpMfa(t, email, 'totp');
    expect((await userAuth(email)).nextStep).toEqual(PASSWORD_ONLY);
  });

  it('a code asked for up front by a user with MFA is not sent: the selection offers the password alone', async () => {
    const { email } = await passwordlessUser(t, 'uam-preferred');
    await setUpMfa(t, email, 'sms');
    const sent = t.backend.inbox.list({ email }).length;
    expect((await userAuth(email, { preferredChallenge: 'EMAIL_OTP' })).nextStep).toEqual(PASSWORD_ONLY);
    expect(t.backend.inbox.list({ email }).length).toBe(sent);
  });

  it('the password chosen at the selection is followed by the TOTP challenge: a wrong code is refused, the right one signs in', async () => {
    const { email } = await passwordlessUser(t, 'uam-totp');
    const totp = (await setUpMfa(t, email, 'totp'))!;
    await userAuth(email);
    expect((await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' })).nextStep).toEqual({ signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    expect((await confirmSignIn({ challengeResponse: PASSWORD })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const wrong = await confirmSignIn({ challengeResponse: wrongCode(totp) }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthError);
    expect(wrong).toMatchObject({ name: 'CodeMismatchException' });
    expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual(DONE);
  });

  it('PASSWORD asked for up front is followed by the SMS challenge: a 6-digit code texted to the phone, shown masked', async () => {
    const { email, phone } = await passwordlessUser(t, 'uam-sms');
    await setUpMfa(t, email, 'sms');
    const res = await userAuth(email, { password: PASSWORD, preferredChallenge: 'PASSWORD' });
    expect(res.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
      codeDeliveryDetails: { deliveryMedium: 'SMS', destination: `+${'*'.repeat(phone!.length - 5)}${phone!.slice(-4)}` },
    });
    const sent = t.backend.inbox.latest({ destination: phone!, purpose: 'Authentication' });
    expect(sent.code).toMatch(/^\d{6}$/);
    expect(await confirmSignIn({ challengeResponse: sent.code })).toEqual(DONE);
  });

  it('a user with two methods and none preferred chooses one after the password (SELECT_MFA_TYPE)', async () => {
    const { email } = await passwordlessUser(t, 'uam-both');
    const totp = (await setUpMfa(t, email, 'both'))!;
    const res = await userAuth(email, { password: PASSWORD, preferredChallenge: 'PASSWORD_SRP' });
    expect(res.nextStep).toMatchObject({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: ['SMS', 'TOTP'] });
    expect((await confirmSignIn({ challengeResponse: 'TOTP' })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual(DONE);
  });

  it('a user with a temporary password is asked for a new one after the password chosen at the selection', async () => {
    const email = uniqueEmail('uam-new');
    await t.backend.createUser({ email, password: PASSWORD, status: 'FORCE_CHANGE_PASSWORD' });
    await userAuth(email);
    await confirmSignIn({ challengeResponse: 'PASSWORD' });
    expect((await confirmSignIn({ challengeResponse: PASSWORD })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    expect(await confirmSignIn({ challengeResponse: 'New-passw0rd!' })).toEqual(DONE);
  });
});
