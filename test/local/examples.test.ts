import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithoutFramework } from '../../demo/examples/vanillaSignIn.js';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { startTestBackend } from '../support/backend.js';
import { at } from '../support/views.js';
import type { TestBackend } from '../support/backend.js';
import { PASSWORD } from '../support/backend.js';
import { signOut, updateMFAPreference } from 'aws-amplify/auth';

// The README's framework-free example, run as written against the local backend.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());

describe('the vanilla example', () => {
  it('signs a TOTP user in with no UI framework', async () => {
    const email = await signUpConfirmed(t, 'vanilla');
    const totp = await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();
    const asked: string[] = [];
    const view = await signInWithoutFramework(t.backend.outputs, { email, password: PASSWORD }, async (v) => {
      asked.push(v.step);
      return totp.generate();
    });
    expect(asked).toEqual(['totpCode']);
    expect(at(view, 'signedIn').user?.email).toBe(email);
    await signOut();
  });
});
