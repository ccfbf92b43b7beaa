import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { realPlan } from './realPaths.js';
import { emailMfaPool, replayReal } from './realReplay.js';

// Real level, REQUIRED pools: TOTP set up during sign-in where the pool offers TOTP alone, and where it offers
// email too (the synthesized pool with email MFA turned on), the user's choice of TOTP or email, then its set-up.
const plan = realPlan();
const totpOnly = plan.paths.filter((p) => p.scenario === 'required');
const choice = plan.paths.filter((p) => p.scenario === 'requiredChoice');

let t: TestBackend;
let withEmail: TestBackend;
beforeAll(async () => {
  [t, withEmail] = await Promise.all([
    startTestBackend({ pool: { mfaConfiguration: 'ON' } }),
    startTestBackend({ pool: { mfaConfiguration: 'ON', ...emailMfaPool(inject('pool')) } }),
  ]);
});
afterAll(() => Promise.all([t, withEmail].map((b) => b?.backend.close())));

describe('sign-in machine: MFA set up during sign-in, real Amplify, REQUIRED pools', () => {
  it('has paths through the TOTP setup, the choice of method, and the email setup', () => {
    expect(totpOnly.length).toBeGreaterThan(0);
    const states = choice.flatMap((p) => p.steps.map((s) => JSON.stringify(s.state)));
    for (const part of ['mfaSetupSelection', 'emailSetup', 'emailCode'])
      expect(
        states.some((s) => s.includes(part)),
        part,
      ).toBe(true);
  });
  for (const path of totpOnly) {
    it(`signIn ${path.id}: ${path.title}`, () => replayReal(t, path, 'required'));
  }
  for (const path of choice) {
    it(`signIn ${path.id}: ${path.title} [requiredChoice]`, () => replayReal(withEmail, path, 'requiredChoice'));
  }
});
