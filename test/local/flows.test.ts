import {
  AuthError,
  confirmSignIn,
  fetchMFAPreference,
  fetchUserAttributes,
  getCurrentUser,
  signOut,
  updateMFAPreference,
} from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addVerifiedPhone, enrollTotp, signInWithPassword, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// Every flow here goes through the real aws-amplify v6 client to the embedded
// local backend, provisioned from the synthesized definition (OPTIONAL pool).
// The one suite kept on USER_PASSWORD_AUTH (what a migration trigger needs),
// so that flow stays covered now that every other real suite signs in with SRP.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend({ authFlowType: 'USER_PASSWORD_AUTH' });
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

async function rejection(p: Promise<unknown>): Promise<AuthError> {
  const e = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AuthError);
  return e as AuthError;
}

describe('with the real aws-amplify client against the local backend, on USER_PASSWORD_AUTH', () => {
  it('signs up, confirms with the emailed code, and signs in with no MFA', async () => {
    const email = await signUpConfirmed(t, 'plain');
    const res = await signInWithPassword(t, email);
    expect(res).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchUserAttributes()).email).toBe(email);
    expect((await getCurrentUser()).signInDetails?.authFlowType).toBe('USER_PASSWORD_AUTH');
  });

  it('TOTP: set up, prefer, sign out, then a wrong code is refused and the right one signs in', async () => {
    const email = await signUpConfirmed(t, 'totp');
    const totp = await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();

    const res = await signInWithPassword(t, email);
    expect(res.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const wrong = await rejection(confirmSignIn({ challengeResponse: wrongCode(totp) }));
    expect(wrong.name).toBe('CodeMismatchException');
    const done = await confirmSignIn({ challengeResponse: totp.generate() });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it('SMS: add and confirm a phone, prefer SMS, then sign in with the texted code', async () => {
    const email = await signUpConfirmed(t, 'sms');
    await signInWithPassword(t, email);
    await addVerifiedPhone(t, '+15555550101');
    expect((await fetchUserAttributes()).phone_number_verified).toBe('true');
    await updateMFAPreference({ sms: 'PREFERRED' });
    await signOut();

    const res = await signInWithPassword(t, email);
    expect(res.nextStep).toEqual({
      signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
      codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******0101' },
    });
    const code = t.backend.inbox.latest({ medium: 'SMS', destination: '+15555550101', purpose: 'Authentication' }).code;
    expect(await confirmSignIn({ challengeResponse: code })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  it('both methods enabled and none preferred: Amplify asks which one, and either works', async () => {
    const email = await signUpConfirmed(t, 'select');
    const totp = await enrollTotp(t, email);
    await addVerifiedPhone(t, '+15555550102');
    await updateMFAPreference({ totp: 'ENABLED', sms: 'ENABLED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: expect.arrayContaining(['SMS', 'TOTP']) });
    await signOut();

    const res = await signInWithPassword(t, email);
    expect(res.nextStep).toEqual({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: ['SMS', 'TOTP'] });
    const chosen = await confirmSignIn({ challengeResponse: 'TOTP' });
    expect(chosen.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: totp.generate() })).isSignedIn).toBe(true);
    await signOut();

    await signInWithPassword(t, email);
    const sms = await confirmSignIn({ challengeResponse: 'SMS' });
    expect(sms.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_SMS_CODE');
    const code = t.backend.inbox.latest({ destination: '+15555550102', purpose: 'Authentication' }).code;
    expect((await confirmSignIn({ challengeResponse: code })).isSignedIn).toBe(true);
  });

  it('the challenge session expires after 3 minutes on the backend clock', async () => {
    const email = await signUpConfirmed(t, 'expiry');
    const totp = await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    await signInWithPassword(t, email);
    t.clock.advance(3 * 60 * 1000 + 1000);
    const e = await rejection(confirmSignIn({ challengeResponse: totp.generate() }));
    expect(e.name).toBe('NotAuthorizedException');
    expect(e.message).toBe('Invalid session for the user, session is expired.');

    // A new sign-in gets a new session and works.
    await signInWithPassword(t, email);
    expect((await confirmSignIn({ challengeResponse: totp.generate() })).isSignedIn).toBe(true);
  });

  it('after five wrong codes the user is locked out, even with the right code, until the lockout passes', async () => {
    const email = await signUpConfirmed(t, 'lockout');
    const totp = await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    await signInWithPassword(t, email);
    for (let i = 0; i < 5; i += 1) {
      expect((await rejection(confirmSignIn({ challengeResponse: wrongCode(totp) }))).name).toBe('CodeMismatchException');
    }
    const locked = await rejection(confirmSignIn({ challengeResponse: totp.generate() }));
    expect(locked.name).toBe('NotAuthorizedException');
    expect(locked.message).toBe('Password attempts exceeded');
    const lockedSignIn = await rejection(signInWithPassword(t, email));
    expect(lockedSignIn.message).toBe('Password attempts exceeded');

    // The refused sign-in ended Amplify's sign-in attempt; once the lockout passes, a new one works.
    t.clock.advance(1_001);
    await signInWithPassword(t, email);
    expect((await confirmSignIn({ challengeResponse: totp.generate() })).isSignedIn).toBe(true);
  });
});
