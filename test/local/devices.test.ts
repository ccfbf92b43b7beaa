import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  forgetDevice,
  rememberDevice,
  signIn,
  signOut,
  updateMFAPreference,
} from 'aws-amplify/auth';
import type { TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { authFailure as failure } from '../support/failure.js';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { cognitoCall, loadAmplifySrp } from './amplifySrp.js';
import type { AmplifySrpClient } from './amplifySrp.js';

// Remembered devices on the local backend (amplify/local/gaps/devices.ts), with
// the real aws-amplify client: it confirms the device Cognito names after a
// sign-in, keeps the device's keys in its token store, and answers
// DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER itself. The pool is the product's
// (USER_OPT_IN: ChallengeRequiredOnNewDevice and DeviceOnlyRememberedOnUserPrompt).
let t: TestBackend;
let amplify: AmplifySrpClient;
beforeAll(async () => {
  // aws-amplify names the device it confirms from `navigator` (getDeviceName), which Node 20 lacks;
  // without it the client skips ConfirmDevice silently, as it does for any failure there.
  vi.stubGlobal('navigator', { userAgent: 'vitest on Node' });
  t = await startTestBackend();
  amplify = await loadAmplifySrp();
});
afterAll(async () => {
  await t.backend.close();
  vi.unstubAllGlobals();
});
afterEach(() => signOut());

const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
const remembered = (d: { attributes: Record<string, string> }) => d.attributes['dev:device_remembered_status'];

/** A user with TOTP MFA, signed out. */
async function totpUser(tag: string): Promise<{ email: string; totp: TOTP }> {
  const email = await signUpConfirmed(t, tag);
  const totp = await enrollTotp(t, email);
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOut();
  return { email, totp };
}

/** Signs in with the password and the TOTP code (SRP, Amplify's default). */
async function signInWithCode(email: string, totp: TOTP) {
  const first = await signIn({ username: email, password: PASSWORD });
  expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual(DONE);
}

const accessToken = async () => (await fetchAuthSession()).tokens?.accessToken.toString() ?? '';
const call = (target: string, body: object) => cognitoCall(t.backend.endpoint, target, { ClientId: t.backend.clientId, ...body });

describe('remembered devices on the local backend', () => {
  it('the pool tracks devices as the synthesized Gen 2 definition says (USER_OPT_IN)', () => {
    expect(inject('pool').deviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
  });

  it('after the code, the device is confirmed but not remembered until the user asks (UserConfirmationNecessary)', async () => {
    const { email, totp } = await totpUser('dev-confirm');
    await signInWithCode(email, totp);
    const devices = await fetchDevices();
    expect(devices).toHaveLength(1);
    expect(devices[0]?.id).toMatch(/^[a-z0-9-]+_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(remembered(devices[0]!)).toBe('not_remembered');
    // Not remembered: the next sign-in on this device still asks for the code, and names the same device.
    await signOut();
    await signInWithCode(email, totp);
    expect((await fetchDevices()).map((d) => d.id)).toEqual([devices[0]?.id]);
  });

  it('a remembered device signs in without the code, proving its own SRP password (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER)', async () => {
    const { email, totp } = await totpUser('dev-remember');
    await signInWithCode(email, totp);
    await rememberDevice();
    expect((await fetchDevices()).map(remembered)).toEqual(['remembered']);
    await signOut();
    expect(await signIn({ username: email, password: PASSWORD })).toEqual(DONE);
    // The same device, no new one.
    expect(await fetchDevices()).toHaveLength(1);
  });

  it('a remembered device still needs the right password', async () => {
    const { email, totp } = await totpUser('dev-password');
    await signInWithCode(email, totp);
    await rememberDevice();
    await signOut();
    const e = await failure(signIn({ username: email, password: 'Wrong-h0rse!' }));
    expect({ name: e.name, message: e.message }).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('forgetting the device (forgetDevice) makes the next sign-in ask for the code again', async () => {
    const { email, totp } = await totpUser('dev-forget');
    await signInWithCode(email, totp);
    await rememberDevice();
    await forgetDevice();
    expect(await fetchDevices()).toEqual([]);
    await signOut();
    await signInWithCode(email, totp);
  });

  it('a device forgotten elsewhere (its keys still in this client) is "Device does not exist.", and aws-amplify signs in again asking for the code', async () => {
    const { email, totp } = await totpUser('dev-stale');
    await signInWithCode(email, totp);
    await rememberDevice();
    const [device] = await fetchDevices();
    // Forgotten from another session: this client's token store still holds the keys.
    expect((await call('ForgetDevice', { AccessToken: await accessToken(), DeviceKey: device?.id })).status).toBe(200);
    await signOut();
    await signInWithCode(email, totp);
    const now = await fetchDevices();
    expect(now).toHaveLength(1);
    expect(now[0]?.id).not.toBe(device?.id);
  });

  it('a device key the user does not own is ResourceNotFoundException, but only after the right password', async () => {
    const a = await totpUser('dev-owner');
    await signInWithCode(a.email, a.totp);
    await rememberDevice();
    const [device] = await fetchDevices();
    await signOut();
    const b = await totpUser('dev-other');
    const initiate = (password: string) =>
      call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: b.email, PASSWORD: password, DEVICE_KEY: device?.id ?? '' },
      });
    expect((await initiate('Wrong-h0rse!')).body).toMatchObject({ __type: 'NotAuthorizedException' });
    expect((await initiate(PASSWORD)).body).toEqual({ __type: 'ResourceNotFoundException', message: 'Device does not exist.' });
  });

  it('a wrong device proof is NotAuthorizedException, and the proof cannot be answered twice', async () => {
    const { email, totp } = await totpUser('dev-proof');
    await signInWithCode(email, totp);
    await rememberDevice();
    const [device] = await fetchDevices();
    await signOut();
    const started = await call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD, DEVICE_KEY: device?.id ?? '' },
    });
    expect(started.body.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const username = (started.body.ChallengeParameters as Record<string, string>).USERNAME ?? '';
    // The group key is only in the client's token store; the proof below is for a made-up device password.
    const helper = await amplify.getAuthenticationHelper('-unknown');
    const srp = await call('RespondToAuthChallenge', {
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: started.body.Session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device?.id, SRP_A: helper.A.toString(16) },
    });
    expect(srp.body.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
    const params = srp.body.ChallengeParameters as Record<string, string>;
    expect(Object.keys(params).sort()).toEqual(['DEVICE_KEY', 'SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME']);
    const hkdf = await helper.getPasswordAuthenticationKey({
      username: device?.id ?? '',
      password: 'not the device password',
      serverBValue: amplify.bigInteger(params.SRP_B ?? ''),
      salt: amplify.bigInteger(params.SALT ?? ''),
    });
    const dateNow = amplify.getNowString();
    const answer = {
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: srp.body.Session,
      ChallengeResponses: {
        USERNAME: username,
        DEVICE_KEY: device?.id,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
        TIMESTAMP: dateNow,
        PASSWORD_CLAIM_SIGNATURE: amplify.getSignatureString({
          userPoolName: '-unknown',
          username: device?.id ?? '',
          challengeParameters: params,
          dateNow,
          hkdf,
        }),
      },
    };
    expect((await call('RespondToAuthChallenge', answer)).body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect((await call('RespondToAuthChallenge', answer)).body).toMatchObject({ __type: 'NotAuthorizedException' });
    // The device itself still works for the client that holds its password.
    expect(await signIn({ username: email, password: PASSWORD })).toEqual(DONE);
  });

  it('ConfirmDevice takes only a key issued to this user and never replaces a confirmed verifier', async () => {
    const { email, totp } = await totpUser('dev-reconfirm');
    await signInWithCode(email, totp);
    const [device] = await fetchDevices();
    const config = { PasswordVerifier: Buffer.from('05', 'hex').toString('base64'), Salt: Buffer.from('aa', 'hex').toString('base64') };
    const again = await call('ConfirmDevice', {
      AccessToken: await accessToken(),
      DeviceKey: device?.id,
      DeviceSecretVerifierConfig: config,
    });
    expect(again.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Device does not exist.' });
    const made = await call('ConfirmDevice', {
      AccessToken: await accessToken(),
      DeviceKey: `${t.backend.userPoolId.split('_')[0]}_00000000-0000-4000-8000-000000000000`,
      DeviceSecretVerifierConfig: config,
    });
    expect(made.body).toMatchObject({ __type: 'ResourceNotFoundException' });
  });

  it('UpdateDeviceStatus, ListDevices and ForgetDevice act on the signed-in user’s own devices only', async () => {
    const a = await totpUser('dev-mine');
    await signInWithCode(a.email, a.totp);
    const [mine] = await fetchDevices();
    await signOut();
    const b = await totpUser('dev-theirs');
    await signInWithCode(b.email, b.totp);
    const token = await accessToken();
    expect((await fetchDevices()).map((d) => d.id)).not.toContain(mine?.id);
    for (const [target, extra] of [
      ['UpdateDeviceStatus', { DeviceRememberedStatus: 'remembered' }],
      ['ForgetDevice', {}],
    ] as const) {
      expect((await call(target, { AccessToken: token, DeviceKey: mine?.id, ...extra })).body).toEqual({
        __type: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });
    }
    const [theirs] = await fetchDevices();
    expect(
      (await call('UpdateDeviceStatus', { AccessToken: token, DeviceKey: theirs?.id, DeviceRememberedStatus: 'always' })).body,
    ).toMatchObject({
      __type: 'InvalidParameterException',
    });
  });
});

describe('device tracking as the pool sets it', () => {
  it('ALWAYS (DeviceOnlyRememberedOnUserPrompt false): confirming remembers the device, and the next sign-in needs no code', async () => {
    const always = await startTestBackend({
      pool: { deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } },
    });
    try {
      const email = await signUpConfirmed(always, 'dev-always');
      // The sign-in that set TOTP up (no code yet) was on this device, and ALWAYS remembered it.
      await enrollTotp(always, email);
      await updateMFAPreference({ totp: 'PREFERRED' });
      expect((await fetchDevices()).map(remembered)).toEqual(['remembered']);
      await signOut();
      expect(await signIn({ username: email, password: PASSWORD })).toEqual(DONE);
    } finally {
      await signOut();
      await always.backend.close();
    }
  });

  it('ChallengeRequiredOnNewDevice false: a remembered device is still asked for the code', async () => {
    const tracked = await startTestBackend({
      pool: { deviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } },
    });
    try {
      const email = await signUpConfirmed(tracked, 'dev-nochallenge');
      const totp = await enrollTotp(tracked, email);
      await updateMFAPreference({ totp: 'PREFERRED' });
      await signOut();
      await signInWithCode(email, totp);
      expect((await fetchDevices()).map(remembered)).toEqual(['remembered']);
      await signOut();
      await signInWithCode(email, totp);
    } finally {
      await signOut();
      await tracked.backend.close();
    }
  });

  it('a pool without DeviceConfiguration names no device after sign-in', async () => {
    const untracked = await startTestBackend({ pool: { deviceConfiguration: undefined } });
    try {
      const email = await signUpConfirmed(untracked, 'dev-off');
      const totp = await enrollTotp(untracked, email);
      await updateMFAPreference({ totp: 'PREFERRED' });
      await signOut();
      await signInWithCode(email, totp);
      expect(await fetchDevices()).toEqual([]);
    } finally {
      await signOut();
      await untracked.backend.close();
    }
  });
});

describe('remembered devices under USER_PASSWORD_AUTH', () => {
  it('aws-amplify files the device under the typed email on one sign-in and under the user id Cognito names on the next, so rememberDevice finds no keys (DeviceMetadataNotFoundException) and the code is still asked', async () => {
    const plain = await startTestBackend({ authFlowType: 'USER_PASSWORD_AUTH' });
    try {
      const email = await signUpConfirmed(plain, 'dev-plain');
      const totp = await enrollTotp(plain, email);
      await updateMFAPreference({ totp: 'PREFERRED' });
      await signOut();
      const signInPlain = () => signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      expect((await signInPlain()).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
      expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual(DONE);
      expect((await failure(rememberDevice())).name).toBe('DeviceMetadataNotFoundException');
      await signOut();
      expect((await signInPlain()).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    } finally {
      await signOut();
      await plain.backend.close();
    }
  });
});
