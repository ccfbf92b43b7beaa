import { describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import type { SignInView } from '../../machines/signIn/signIn.view.js';
import type { SignInContext } from '../../machines/signIn/signIn.types.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import { labelOf, signInModel } from '../../src/diagram/signIn.model.js';
import { pathsOf } from '../support/generatedPaths.js';
import { walk } from '../support/walk.js';
import { checkStep } from './oracle.js';
import type { Timing } from './oracle.js';

// Pure level: every generated path is walked on a live sign-in actor whose
// Amplify calls are fakes the test answers, on a simulated clock. Each step is
// checked by the oracle (the spec, written apart from the machine), and the
// transitions XState actually takes are counted for coverage.

const timing: Timing = { challengeTimeoutMs: 180_000, resendCooldownMs: 30_000, callTimeoutMs: 1_000, maxAttempts: 5 };
const paths = pathsOf('signIn', signInModel, 'covering');
const recorder = new CoverageRecorder();

describe('sign-in machine: generated paths on fakes', () => {
  it('generates a small set of paths', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.length).toBeLessThan(150);
  });

  for (const path of paths) {
    it(`${path.id}: ${path.steps.map((s) => labelOf(s.event)).join(' → ')}`, () =>
      walk<SignInView, SignInContext>(path, {
        machine: signInMachine,
        input: (_, now) => ({ ...timing, authFlowType: 'USER_PASSWORD_AUTH', now }),
        delays: { challengeExpiry: timing.challengeTimeoutMs, resendCooldown: timing.resendCooldownMs, callTimeout: timing.callTimeoutMs },
        view: connectSignIn as never,
        check: (step) => checkStep(step, timing),
        label: labelOf,
        recorder,
      }));
  }

  it('the walks took every transition and entered every state of the machine', () => {
    const coverage = recorder.report(signInMachine);
    expect(coverage.states.missing, 'states never entered').toEqual([]);
    expect(coverage.transitions.missing, 'transitions never taken').toEqual([]);
    expect(coverage.transitions.covered).toBe(coverage.transitions.total);
  });
});
