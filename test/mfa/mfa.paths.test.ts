import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import type { PhoneVerificationInput } from '../../machines/phoneVerification/phoneVerification.types.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { SETTINGS_INPUT, TOTP_INPUT, mfaSettings, phoneVerification, totpEnrollment } from '../../src/diagram/mfa.models.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import type { MachineName } from '../../src/testing/index.js';
import { cataloguePaths } from '../support/catalogue.js';
import type { BuiltModel } from '../../src/diagram/model.js';
import { inertChild, walk } from '../support/walk.js';
import { checkPhoneStep, checkSettingsStep, checkTotpStep } from './oracles.js';

// Pure level for the three MFA management machines: generated paths walked on
// live actors with fake Amplify calls, each step checked by its spec.

const COOLDOWN = 30_000;
/** Shorter than the resend cooldown, as the model assumes (`firstDelay`). */
const CALL_TIMEOUT = 1_000;

function suite(name: MachineName, built: BuiltModel<unknown>, run: (path: GeneratedPath, recorder: CoverageRecorder) => Promise<void>) {
  const paths = cataloguePaths(name);
  const recorder = new CoverageRecorder();
  describe(`${name}: generated paths on fakes`, () => {
    for (const path of paths) {
      it(`${name} ${path.id}: ${path.title}${path.variant ? ` [${path.variant}]` : ''}`, () => run(path, recorder));
    }
    it('the walks took every transition and entered every state', () => {
      const coverage = recorder.report(built.model.machine as AnyStateMachine);
      expect(coverage.states.missing).toEqual([]);
      expect(coverage.transitions.missing).toEqual([]);
    });
  });
}

suite('totpEnrollment', totpEnrollment as BuiltModel<unknown>, (path, recorder) =>
  walk(path, {
    machine: totpEnrollmentMachine,
    input: () => ({ ...TOTP_INPUT, callTimeoutMs: CALL_TIMEOUT }),
    delays: { callTimeout: CALL_TIMEOUT },
    view: connectTotpEnrollment as never,
    check: (s) =>
      checkTotpStep(s as never, { totpIssuer: TOTP_INPUT.totpIssuer, accountName: TOTP_INPUT.accountName, preference: 'PREFERRED' }),
    label: totpEnrollment.label,
    recorder,
  }),
);

suite('phoneVerification', phoneVerification as BuiltModel<unknown>, (path, recorder) => {
  const input = path.input as PhoneVerificationInput;
  return walk(path, {
    machine: phoneVerificationMachine,
    input: (_, now) => ({ ...input, resendCooldownMs: COOLDOWN, callTimeoutMs: CALL_TIMEOUT, now }),
    delays: { resendCooldown: COOLDOWN, callTimeout: CALL_TIMEOUT },
    view: connectPhoneVerification as never,
    check: (s) => checkPhoneStep(s as never, { resendCooldownMs: COOLDOWN, enable: input.enableSmsMfa ?? 'ENABLED' }),
    label: phoneVerification.label,
    recorder,
  });
});

/**
 * Issue 12 item 2: where the pool is REQUIRED, or the app's policy requires MFA of this user (`requireMfa`), the settings
 * keep the last method on, as a REQUIRED pool does.
 */
const mfaMustStay = (input: typeof SETTINGS_INPUT) => input.capabilities.mfaMode === 'REQUIRED' || input.requireMfa === true;

suite('mfaSettings', mfaSettings as BuiltModel<unknown>, (path, recorder) =>
  walk(path, {
    machine: mfaSettingsMachine,
    input: (_, now) => ({ ...(path.input ?? SETTINGS_INPUT), callTimeoutMs: CALL_TIMEOUT, now }),
    delays: { callTimeout: CALL_TIMEOUT },
    view: connectMfaSettings as never,
    check: (s) => checkSettingsStep(s as never, mfaMustStay(path.input as typeof SETTINGS_INPUT) ? 'REQUIRED' : 'OPTIONAL'),
    label: mfaSettings.label,
    recorder,
    // The enrollment flows run as real child machines (their own paths are tested above); their endings are delivered to the parent.
    // The re-authentication is the sign-in machine, inert too: the snapshots its parent acts on are delivered as the path says.
    keep: {
      totpEnrollment: inertChild(totpEnrollmentMachine),
      phoneVerification: inertChild(phoneVerificationMachine),
      reauthenticate: inertChild(signInMachine),
    },
  }),
);
