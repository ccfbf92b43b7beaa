import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../amplify/local/server.js';
import { readSignedInUser } from '../../src/amplify/signIn.actors.js';
import { enrollTotp, signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// Cognito groups on the local backend, one test per behaviour, through the real aws-amplify client:
// the groups come from the synthesized definition, and membership reaches the tokens as in Cognito.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend({ seed: DEMO_ADMIN });
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

const claims = async (forceRefresh = false) => {
  const tokens = (await fetchAuthSession({ forceRefresh })).tokens;
  return { id: tokens?.idToken?.payload ?? {}, access: tokens?.accessToken.payload ?? {} };
};

describe('groups on the local backend', () => {
  it('provisions the groups of the Gen 2 definition and lists them in amplify_outputs.json as ampx does', () => {
    expect(t.backend.outputs.auth.groups).toEqual([{ admins: { precedence: 0 } }]);
  });

  it("a member's ID and access tokens carry cognito:groups (SRP sign-in), which readSignedInUser reads", async () => {
    const res = await signIn({
      username: DEMO_ADMIN.email,
      password: DEMO_ADMIN.password,
      options: { authFlowType: t.connection.authFlowType },
    });
    expect(res.nextStep.signInStep).toBe('DONE');
    const { id, access } = await claims();
    expect(id['cognito:groups']).toEqual(['admins']);
    expect(access['cognito:groups']).toEqual(['admins']);
    expect((await readSignedInUser()).groups).toEqual(['admins']);
  });

  it("a non-member's tokens carry no cognito:groups", async () => {
    const email = await signUpConfirmed(t, 'plain');
    await signInWithPassword(t, email);
    const { id, access } = await claims();
    expect(id).not.toHaveProperty('cognito:groups');
    expect(access).not.toHaveProperty('cognito:groups');
    expect((await readSignedInUser()).groups).toBeUndefined();
  });

  it('tokens issued after an MFA challenge carry the groups too', async () => {
    const email = await signUpConfirmed(t, 'mfa-member');
    await t.backend.addToGroup(email, 'admins');
    const totp = await enrollTotp(t, email);
    await signOut();
    const res = await signInWithPassword(t, email);
    expect(res.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    await confirmSignIn({ challengeResponse: totp.generate() });
    expect((await claims()).id['cognito:groups']).toEqual(['admins']);
  });

  it('a change of membership reaches the next tokens (a refresh), not those already issued', async () => {
    const email = await signUpConfirmed(t, 'moved');
    await t.backend.addToGroup(email, 'admins');
    await signInWithPassword(t, email);
    expect((await claims()).id['cognito:groups']).toEqual(['admins']);
    await t.backend.removeFromGroup(email, 'admins');
    expect((await claims()).id['cognito:groups']).toEqual(['admins']);
    expect((await claims(true)).id).not.toHaveProperty('cognito:groups');
    await t.backend.addToGroup(email, 'admins');
    expect((await claims(true)).id['cognito:groups']).toEqual(['admins']);
  });
});
