import { describe, expect, it } from 'vitest';
import { passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInView } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInContext } from '../../machines/passwordless/passwordless.types.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import { labelOf } from '../../src/diagram/passwordless.model.js';
import { cataloguePaths } from '../support/catalogue.js';
import { walk } from '../support/walk.js';
import { checkStep } from './oracle.js';
import type { Timing } from './oracle.js';

// Pure level: every generated path of the passwordless sign-in is walked on a live actor whose calls are fakes
// the test answers, on a simulated clock; each step is checked by the oracle (the spec, written apart from the
// machine), and the transitions XState takes are counted: every state and transition must be taken.

const timing: Timing = {
  challengeTimeoutMs: 180_000,
  resendCooldownMs: 30_000,
  callTimeoutMs: 1_000,
  maxAttempts: 2,
  passkeyTimeoutMs: 120_000,
};
const paths = cataloguePaths('passwordlessSignIn');
const recorder = new CoverageRecorder();

describe('passwordless sign-in machine: generated paths on fakes', () => {
  it('generates a small set of paths', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.length).toBeLessThan(200);
  });

  for (const path of paths) {
    it(`passwordlessSignIn ${path.id}: ${path.title}`, () =>
      walk<PasswordlessSignInView, PasswordlessSignInContext>(path, {
        machine: passwordlessSignInMachine,
        input: (_, now) => ({ ...timing, authFlowType: 'USER_PASSWORD_AUTH', now }),
        delays: {
          challengeExpiry: timing.challengeTimeoutMs,
          resendCooldown: timing.resendCooldownMs,
          callTimeout: timing.callTimeoutMs,
          passkeyTimeout: timing.passkeyTimeoutMs,
        },
        view: connectPasswordlessSignIn as never,
        check: (step) => checkStep(step, timing),
        label: labelOf,
        recorder,
      }));
  }

  it('the walks took every transition and entered every state of the machine', () => {
    const coverage = recorder.report(passwordlessSignInMachine);
    expect(coverage.states.missing, 'states never entered').toEqual([]);
    expect(coverage.transitions.missing, 'transitions never taken').toEqual([]);
    expect(coverage.transitions.covered).toBe(coverage.transitions.total);
  });
});
