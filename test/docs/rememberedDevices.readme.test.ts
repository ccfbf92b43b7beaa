import { signOut, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { forgetRememberedDevices, signIn } from './rememberedDevices.example.js';

// The README's "Remembered devices" example (test/docs/rememberedDevices.example.ts, quoted byte for byte by
// test/examples/readme.test.ts), run with the real aws-amplify client against the local backend.

let t: TestBackend;
beforeAll(async () => {
  // aws-amplify names the device from `navigator`, which a browser has and Node 20 lacks.
  vi.stubGlobal('navigator', { userAgent: 'vitest on Node' });
  t = await startTestBackend();
});
afterAll(async () => {
  await t.backend.close();
  vi.unstubAllGlobals();
});

describe('README: Remembered devices', () => {
  it('remember, sign out, sign in without a code, forget, sign in with a code again', async () => {
    const email = await signUpConfirmed(t, 'readme-device');
    const totp = await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();
    const code = () => totp.generate();

    expect(await signIn(email, PASSWORD, code, true)).toMatchObject({ askedForCode: true, step: 'signedIn', error: null });
    await signOut();
    expect(await signIn(email, PASSWORD, code, false)).toMatchObject({ askedForCode: false, step: 'signedIn' });
    expect(await forgetRememberedDevices()).toBe(1);
    await signOut();
    expect(await signIn(email, PASSWORD, code, false)).toMatchObject({ askedForCode: true, step: 'signedIn' });
  });
});
