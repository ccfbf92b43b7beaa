import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { labelOf } from '../../src/diagram/signIn.model.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { realPlan } from './realPaths.js';
import { emailMfaPool, replayReal } from './realReplay.js';

// Real level, OPTIONAL pool: the generated paths replayed with the real
// aws-amplify actors against the local backend (REQUIRED-pool paths run in
// signIn.real.required.test.ts, against a REQUIRED pool).
const plan = realPlan();
const paths = plan.paths.filter((p) => p.scenario !== 'required' && p.scenario !== 'requiredChoice');

let t: TestBackend;
beforeAll(async () => {
  // aws-amplify names the device it confirms after sign-in from `navigator`, which Node 20 lacks (test/local/devices.test.ts).
  vi.stubGlobal('navigator', { userAgent: 'vitest on Node' });
  // The synthesized pool with email MFA on too (the definition leaves it off: it needs an SES sender).
  t = await startTestBackend({ pool: emailMfaPool(inject('pool')) });
});
afterAll(async () => {
  await t.backend.close();
  vi.unstubAllGlobals();
});

describe('sign-in machine: generated paths with real Amplify on the local backend', () => {
  it('plays out TOTP, SMS, email, selection, wrong-then-right codes, expiry, lockout and a reset the user asked for', () => {
    const scenarios = new Set(paths.map((p) => p.scenario));
    for (const s of ['plain', 'totp', 'sms', 'email', 'both', 'unconfirmed', 'resetRequired', 'newPassword'] as const)
      expect(scenarios).toContain(s);
    const labels = paths.flatMap((p) => p.steps.map((s) => labelOf(s.event)));
    expect(labels).toContain('Cognito says the code is wrong');
    expect(labels).toContain('Cognito says the session has expired');
    expect(labels).toContain('wait until the challenge expires (3 minutes)');
    expect(
      paths.some((p) => p.steps.some((s) => s.state === 'locked')),
      'some path ends in a lockout',
    ).toBe(true);
    expect(labels).toContain('choose "Forgot password?"');
    expect(labels).toContain('Cognito remembers this device');
  });

  for (const path of paths) {
    it(`signIn ${path.id}: ${path.title} [${path.scenario}]`, () => replayReal(t, path, path.scenario));
  }
});
