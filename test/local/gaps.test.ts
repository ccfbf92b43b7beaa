import {
  confirmSignIn,
  fetchAuthSession,
  fetchMFAPreference,
  fetchUserAttributes,
  sendUserAttributeVerificationCode,
  signOut,
  updateMFAPreference,
} from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFailure as failure } from '../support/failure.js';
import { maskPhone } from '../../amplify/local/gaps.js';
import { DEMO_USER } from '../../amplify/local/server.js';
import { addVerifiedPhone, enrollTotp, signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { signIn } from 'aws-amplify/auth';

// One test per cognito-local gap that amplify/local/gaps.ts closes (FACTS §4),
// each through the real aws-amplify client.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend({ seed: DEMO_USER });
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

describe('the gap layer over cognito-local', () => {
  it('a wrong password is NotAuthorizedException, as in Cognito (cognito-local says InvalidPasswordException)', async () => {
    const e = await failure(
      signIn({ username: DEMO_USER.email, password: 'Not-the-passw0rd', options: { authFlowType: t.connection.authFlowType } }),
    );
    expect(e.name).toBe('NotAuthorizedException');
    expect(e.message).toBe('Incorrect username or password.');
  });

  it('an unknown user is the same NotAuthorizedException (user existence is not revealed)', async () => {
    const e = await failure(
      signIn({ username: 'nobody@example.com', password: PASSWORD, options: { authFlowType: t.connection.authFlowType } }),
    );
    expect(e.name).toBe('NotAuthorizedException');
  });

  it('the seeded demo user signs in with the documented password', async () => {
    const res = await signIn({
      username: DEMO_USER.email,
      password: DEMO_USER.password,
      options: { authFlowType: t.connection.authFlowType },
    });
    expect(res.isSignedIn).toBe(true);
  });

  it('a phone number code goes by SMS to that phone, masked as Cognito masks it', async () => {
    const email = await signUpConfirmed(t, 'phonecode');
    await signInWithPassword(t, email);
    await addVerifiedPhone(t, '+447700900123');
    const entry = t.backend.inbox.latest({ destination: '+447700900123' });
    expect(t.backend.inbox.list({ email, medium: 'EMAIL', purpose: 'UpdateUserAttribute' }), 'no code went to the email').toEqual([]);
    expect(entry).toMatchObject({ medium: 'SMS', purpose: 'UpdateUserAttribute', email });
    const resent = await sendUserAttributeVerificationCode({ userAttributeKey: 'phone_number' });
    expect(resent).toEqual({ deliveryMedium: 'SMS', attributeName: 'phone_number', destination: maskPhone('+447700900123') });
    expect(t.backend.inbox.latest({ destination: '+447700900123' }).purpose).toBe('VerifyUserAttribute');
  });

  it('SMS MFA cannot be turned on without a phone number', async () => {
    const email = await signUpConfirmed(t, 'nophone');
    await signInWithPassword(t, email);
    const e = await failure(updateMFAPreference({ sms: 'ENABLED' }));
    expect(e.name).toBe('InvalidParameterException');
  });

  it('the preferred method is honoured: both enabled, SMS preferred, so no selection step', async () => {
    const email = await signUpConfirmed(t, 'preferred');
    await enrollTotp(t, email);
    await addVerifiedPhone(t, '+15555550103');
    await updateMFAPreference({ totp: 'ENABLED', sms: 'PREFERRED' });
    await signOut();
    const res = await signInWithPassword(t, email);
    expect(res.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_SMS_CODE');
    await updateMFAPreferenceAfterSms(email);
  });

  it('the preferred method stays when another method is turned on or off', async () => {
    const email = await signUpConfirmed(t, 'keeppref');
    await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await addVerifiedPhone(t, '+15555550104');
    await updateMFAPreference({ sms: 'ENABLED' });
    const sorted = async () => {
      const p = await fetchMFAPreference();
      return { enabled: [...(p.enabled ?? [])].sort(), preferred: p.preferred };
    };
    expect(await sorted()).toEqual({ enabled: ['SMS', 'TOTP'], preferred: 'TOTP' });
    await updateMFAPreference({ sms: 'DISABLED' });
    expect(await sorted()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await updateMFAPreference({ sms: 'PREFERRED' });
    expect(await sorted()).toEqual({ enabled: ['SMS', 'TOTP'], preferred: 'SMS' });
    await updateMFAPreference({ sms: 'DISABLED' });
    expect((await fetchMFAPreference()).preferred).toBeUndefined();
  });

  it('GlobalSignOut revokes the refresh token and every access token issued so far', async () => {
    const email = await signUpConfirmed(t, 'global');
    await signInWithPassword(t, email);
    const before = await fetchAuthSession();
    const accessToken = before.tokens?.accessToken.toString();
    expect(accessToken).toBeDefined();
    await signOut({ global: true });
    // Straight to the endpoint with the old token: refused.
    const res = await fetch(t.backend.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: accessToken }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    // Signing in again issues fresh tokens that work.
    await signInWithPassword(t, email);
    expect((await fetchUserAttributes()).email).toBe(email);
  });

  it('tokens refresh (aws-amplify calls GetTokensFromRefreshToken, which cognito-local lacks): new tokens, same user', async () => {
    const email = await signUpConfirmed(t, 'refresh');
    await signInWithPassword(t, email);
    const before = (await fetchAuthSession()).tokens;
    const after = (await fetchAuthSession({ forceRefresh: true })).tokens;
    expect(after?.accessToken.toString()).not.toBe(before?.accessToken.toString());
    expect(after?.idToken?.payload.email).toBe(email);
    expect(after?.idToken?.payload.sub).toBe(before?.idToken?.payload.sub);
    expect((await fetchUserAttributes()).email).toBe(email);
  });

  it('auth_time is when the user signed in, and a refresh keeps it (cognito-local stamps every token with its time of issue)', async () => {
    const email = await signUpConfirmed(t, 'auth-time');
    const before = Math.floor(t.clock.now() / 1000);
    await signInWithPassword(t, email);
    const after = Math.floor(t.clock.now() / 1000);
    const signedIn = (await fetchAuthSession()).tokens;
    const authTime = signedIn?.idToken?.payload.auth_time as number;
    expect(authTime).toBeGreaterThanOrEqual(before);
    expect(authTime).toBeLessThanOrEqual(after);
    expect(signedIn?.accessToken.payload.auth_time).toBe(authTime);
    // Ten minutes on the backend's clock, then a refresh: new tokens, issued now, for the sign-in of ten minutes ago.
    t.clock.advance(10 * 60 * 1000);
    const refreshed = (await fetchAuthSession({ forceRefresh: true })).tokens;
    expect(refreshed?.idToken?.toString()).not.toBe(signedIn?.idToken?.toString());
    expect(refreshed?.idToken?.payload.iat).toBeGreaterThanOrEqual(authTime + 600);
    expect(refreshed?.idToken?.payload.auth_time).toBe(authTime);
    expect(refreshed?.accessToken.payload.auth_time).toBe(authTime);
    // A new sign-in is a new authentication.
    await signOut();
    await signInWithPassword(t, email);
    expect((await fetchAuthSession()).tokens?.idToken?.payload.auth_time).toBeGreaterThanOrEqual(authTime + 600);
  });

  it('a refresh token revoked by GlobalSignOut is refused by GetTokensFromRefreshToken', async () => {
    const email = await signUpConfirmed(t, 'refresh-revoked');
    const api = async (target: string, body: object) => {
      const res = await fetch(t.backend.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const signedIn = await api('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: t.backend.clientId,
      AuthParameters: { USERNAME: email, PASSWORD },
    });
    const { AccessToken, RefreshToken } = signedIn.body.AuthenticationResult as { AccessToken: string; RefreshToken: string };
    const refresh = () => api('GetTokensFromRefreshToken', { ClientId: t.backend.clientId, RefreshToken });
    expect((await refresh()).status).toBe(200);
    await api('GlobalSignOut', { AccessToken });
    const refused = await refresh();
    expect(refused.status).toBe(400);
    expect(refused.body.__type).toBe('NotAuthorizedException');
  });

  it('serves the inbox to the demo over HTTP and resets to the seeded user', async () => {
    const res = await fetch(`${t.backend.endpoint}/_dev/inbox`);
    const body = (await res.json()) as { entries: { code: string; medium: string }[] };
    expect(body.entries.length).toBeGreaterThan(0);
    expect(body.entries[0]).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
    const outputs = await (await fetch(`${t.backend.endpoint}/_dev/outputs`)).json();
    expect(outputs).toEqual(t.backend.outputs);

    await fetch(`${t.backend.endpoint}/_dev/reset`, { method: 'POST' });
    expect(t.backend.inbox.list()).toEqual([]);
    const e = await failure(
      signIn({ username: 'plain-gone@example.com', password: PASSWORD, options: { authFlowType: t.connection.authFlowType } }),
    );
    expect(e.name).toBe('NotAuthorizedException');
    const demo = await signIn({
      username: DEMO_USER.email,
      password: DEMO_USER.password,
      options: { authFlowType: t.connection.authFlowType },
    });
    expect(demo.isSignedIn).toBe(true);
  });
});

async function updateMFAPreferenceAfterSms(email: string): Promise<void> {
  const code = t.backend.inbox.latest({ destination: '+15555550103', purpose: 'Authentication' }).code;
  expect((await confirmSignIn({ challengeResponse: code })).isSignedIn).toBe(true);
  expect((await fetchUserAttributes()).email).toBe(email);
}
