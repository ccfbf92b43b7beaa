import { AuthError, confirmSignIn, fetchUserAttributes, getCurrentUser, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFailure as failure } from '../support/failure.js';
import { OTP_DIGITS, maskEmail } from '../../amplify/local/gaps/userAuth.js';
import { wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { passwordlessUser, setUpMfa, startPasswordlessBackend, userAuth } from '../support/passwordless.js';
import { cognitoCall } from './amplifySrp.js';

// Choice-based sign-in (USER_AUTH) on the local backend provisioned from the
// passwordless variant, driven by the real aws-amplify client.
let t: TestBackend;
beforeAll(async () => {
  t = await startPasswordlessBackend();
}, 120_000);
afterAll(() => t.backend.close());
afterEach(() => signOut());

const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } };

describe('USER_AUTH on the local backend (passwordless variant)', () => {
  it('the outputs carry the passwordless settings of the variant, as ampx writes them', () => {
    expect(t.backend.outputs.auth.passwordless).toEqual({
      email_otp_enabled: true,
      sms_otp_enabled: true,
      web_authn: { relying_party_id: 'localhost', user_verification: 'preferred' },
    });
  });

  it('without a preferred challenge, offers the first factors the user has: password, email and SMS codes, and no passkey yet', async () => {
    const { email } = await passwordlessUser(t, 'ua-select');
    const res = await userAuth(email);
    expect(res).toEqual({
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
        availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'],
      },
    });
  });

  it('a user without a phone is not offered SMS_OTP', async () => {
    const { email } = await passwordlessUser(t, 'ua-nophone', { phone: false });
    const res = await userAuth(email);
    expect(res.nextStep).toMatchObject({ availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
  });

  it('a preferred challenge the user cannot use (a passkey they do not have) falls back to the choice', async () => {
    const { email } = await passwordlessUser(t, 'ua-nopasskey');
    const res = await userAuth(email, { preferredChallenge: 'WEB_AUTHN' });
    expect(res.nextStep).toMatchObject({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: expect.not.arrayContaining(['WEB_AUTHN']),
    });
  });

  it('PASSWORD as the preferred challenge signs in with the password', async () => {
    const { email } = await passwordlessUser(t, 'ua-password');
    expect(await userAuth(email, { password: PASSWORD, preferredChallenge: 'PASSWORD' })).toEqual(DONE);
    expect((await getCurrentUser()).signInDetails).toEqual({ loginId: email, authFlowType: 'USER_AUTH' });
  });

  it('PASSWORD_SRP as the preferred challenge signs in with SRP, and a wrong password is refused', async () => {
    const { email } = await passwordlessUser(t, 'ua-srp');
    expect((await failure(userAuth(email, { password: 'Wrong-h0rse!', preferredChallenge: 'PASSWORD_SRP' }))).name).toBe(
      'NotAuthorizedException',
    );
    expect(await userAuth(email, { password: PASSWORD, preferredChallenge: 'PASSWORD_SRP' })).toEqual(DONE);
  });

  it('choosing PASSWORD at the selection asks for it, a wrong one can be retried, the right one signs in', async () => {
    const { email } = await passwordlessUser(t, 'ua-select-password');
    await userAuth(email);
    expect(await confirmSignIn({ challengeResponse: 'PASSWORD' })).toEqual({
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' },
    });
    const wrong = await failure(confirmSignIn({ challengeResponse: 'Wrong-h0rse!' }));
    expect(wrong).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await confirmSignIn({ challengeResponse: PASSWORD })).toEqual(DONE);
  });

  it('choosing PASSWORD_SRP at the selection proves the password with SRP', async () => {
    const { email } = await passwordlessUser(t, 'ua-select-srp');
    await userAuth(email);
    expect((await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
    expect(await confirmSignIn({ challengeResponse: PASSWORD })).toEqual(DONE);
  });

  it('EMAIL_OTP sends an 8-digit code to the inbox, shown masked, and the code signs in', async () => {
    const { email } = await passwordlessUser(t, 'ua-email');
    const res = await userAuth(email, { preferredChallenge: 'EMAIL_OTP' });
    expect(res).toEqual({
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: maskEmail(email) },
      },
    });
    const sent = t.backend.inbox.latest({ email, purpose: 'Authentication' });
    expect(sent).toMatchObject({ medium: 'EMAIL', destination: email });
    expect(sent.code).toMatch(new RegExp(`^\\d{${OTP_DIGITS}}$`));
    expect(await confirmSignIn({ challengeResponse: sent.code })).toEqual(DONE);
    expect((await fetchUserAttributes()).email).toBe(email);
  });

  it('SMS_OTP chosen at the selection texts a code to the phone, shown masked, and the code signs in', async () => {
    const { email, phone } = await passwordlessUser(t, 'ua-sms');
    await userAuth(email);
    const res = await confirmSignIn({ challengeResponse: 'SMS_OTP' });
    expect(res).toEqual({
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
        codeDeliveryDetails: { deliveryMedium: 'SMS', destination: `+${'*'.repeat(phone!.length - 5)}${phone!.slice(-4)}` },
      },
    });
    const sent = t.backend.inbox.latest({ destination: phone, purpose: 'Authentication' });
    expect(sent.medium).toBe('SMS');
    expect(await confirmSignIn({ challengeResponse: sent.code })).toEqual(DONE);
  });

  it('a wrong code is CodeMismatchException and keeps the session; five lock the user out, even with the right code', async () => {
    const { email } = await passwordlessUser(t, 'ua-wrong');
    await userAuth(email, { preferredChallenge: 'EMAIL_OTP' });
    const code = t.backend.inbox.latest({ email, purpose: 'Authentication' }).code;
    const wrong = code === '00000000' ? '11111111' : '00000000';
    expect((await failure(confirmSignIn({ challengeResponse: wrong }))).name).toBe('CodeMismatchException');
    for (let i = 1; i < 5; i += 1) await failure(confirmSignIn({ challengeResponse: wrong }));
    const locked = await failure(confirmSignIn({ challengeResponse: code }));
    expect(locked).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    t.clock.advance(1_001);
    expect(await confirmSignIn({ challengeResponse: code })).toEqual(DONE);
  });

  it('a code is refused once the 3-minute session has passed', async () => {
    const { email } = await passwordlessUser(t, 'ua-expired');
    await userAuth(email, { preferredChallenge: 'EMAIL_OTP' });
    const code = t.backend.inbox.latest({ email, purpose: 'Authentication' }).code;
    t.clock.advance(3 * 60 * 1000 + 1);
    const expired = await failure(confirmSignIn({ challengeResponse: code }));
    expect(expired).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it('a code is single-use: its session cannot sign in twice', async () => {
    const { email } = await passwordlessUser(t, 'ua-once');
    const started = await cognitoCall(t.backend.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: t.backend.clientId,
      AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    });
    const code = t.backend.inbox.latest({ email, purpose: 'Authentication' }).code;
    const answer = () =>
      cognitoCall(t.backend.endpoint, 'RespondToAuthChallenge', {
        ChallengeName: 'EMAIL_OTP',
        ClientId: t.backend.clientId,
        Session: started.body.Session,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: code },
      });
    expect((await answer()).body.AuthenticationResult).toBeDefined();
    expect((await answer()).body).toMatchObject({ __type: 'NotAuthorizedException' });
  });

  it('the selection only accepts a factor it offered', async () => {
    const { email } = await passwordlessUser(t, 'ua-offered', { phone: false });
    await userAuth(email);
    expect((await failure(confirmSignIn({ challengeResponse: 'SMS_OTP' }))).name).toBe('InvalidParameterException');
    expect((await confirmSignIn({ challengeResponse: 'EMAIL_OTP' })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  });

  it('an unknown user is "Incorrect username or password." and gets no code', async () => {
    const before = t.backend.inbox.list().length;
    const e = await failure(userAuth('nobody-ua@example.com', { preferredChallenge: 'EMAIL_OTP' }));
    expect(e).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(t.backend.inbox.list()).toHaveLength(before);
  });
});

// MFA in choice-based sign-in (the variant's MFA is optional, by SMS or TOTP). Cognito's rule: MFA and the
// passwordless first factors do not go together. A user with MFA is offered the password alone, and after it the MFA
// they have, as after any password (https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/,
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites).
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
