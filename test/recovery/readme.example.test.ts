import { signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecoveryCodes, signInWithARecoveryCode } from '../../demo/examples/recoveryCodes.js';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// The README's "Recovery codes" example (demo/examples/recoveryCodes.ts, quoted byte for byte by
// test/examples/readme.test.ts), run as written against the local backend.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());

describe('demo/examples/recoveryCodes.ts', () => {
  it('makes a set, signs in with one code, and the same code is then refused', async () => {
    const email = await signUpConfirmed(t, 'rc-readme');
    await enrollTotp(t, email);
    let saved: readonly string[] = [];
    await makeRecoveryCodes(PASSWORD, async (codes) => {
      saved = codes;
    });
    expect(saved).toHaveLength(10);
    await signOut();
    expect(await signInWithARecoveryCode(email, PASSWORD, saved[0]!)).toBe(`signed in as ${email}`);
    await signOut();
    expect(await signInWithARecoveryCode(email, PASSWORD, saved[0]!)).toBe('awaitingCode: RECOVERY_CODE_USED');
  });
});
