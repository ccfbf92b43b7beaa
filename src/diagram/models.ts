import type { AnyEventObject } from 'xstate';
import { connectDevices } from '../../machines/devices/devices.view.js';
import { connectMfaPolicy } from '../../machines/mfaPolicy/mfaPolicy.view.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import { connectPasskeys } from '../../machines/passkeys/passkeys.view.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { connectRecoveryCodes, connectRecoverySignIn } from '../../machines/recovery/recovery.view.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import type { CatalogueName } from '../testing/types.js';
import { devices } from './devices.model.js';
import { mfaSettings, phoneVerification, totpEnrollment } from './mfa.models.js';
import { passkeys } from './passkeys.model.js';
import type { AnyMachineSnapshot, PathModel } from './paths.js';
import { labelOf as passwordlessLabel, passwordlessSignInModel } from './passwordless.model.js';
import { mfaPolicy } from './policy.model.js';
import { recoveryCodes, recoverySignIn } from './recovery.model.js';
import { labelOf as signInLabel, signInModel } from './signIn.model.js';

/** Any `connect*`: the view a UI draws for a snapshot. */
type AnyConnect = (
  snapshot: AnyMachineSnapshot,
  send: (event: AnyEventObject) => void,
) => { readonly step: string; readonly busy: boolean; readonly error: { readonly code: string } | null };

export interface CatalogueModel {
  readonly name: CatalogueName;
  readonly title: string;
  readonly model: PathModel<unknown>;
  readonly label: (event: AnyEventObject) => string;
  readonly connect: AnyConnect;
  /** The invoked actor that listens to Amplify's Hub; `AUTH.*` events arrive through it. */
  readonly hub?: string;
  /**
   * The timers the paths assume, for the machine's input: a call gives up well
   * before a code may be sent again (the models' `firstDelay`), which the
   * defaults (30 s each) do not promise.
   */
  readonly timing: Readonly<Record<string, number>>;
}

const CALL_TIMEOUT_MS = 1_000;

/** Every machine with generated paths, in the order `npm run paths` reports them. */
export const MODELS: readonly CatalogueModel[] = [
  {
    name: 'signIn',
    title: 'Sign-in',
    model: signInModel as PathModel<unknown>,
    label: signInLabel,
    connect: connectSignIn as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { challengeTimeoutMs: 180_000, resendCooldownMs: 30_000, callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'totpEnrollment',
    title: 'TOTP enrollment',
    model: totpEnrollment.model as PathModel<unknown>,
    label: totpEnrollment.label,
    connect: connectTotpEnrollment as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'phoneVerification',
    title: 'Phone verification',
    model: phoneVerification.model as PathModel<unknown>,
    label: phoneVerification.label,
    connect: connectPhoneVerification as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { resendCooldownMs: 30_000, callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'mfaSettings',
    title: 'MFA settings',
    model: mfaSettings.model as PathModel<unknown>,
    label: mfaSettings.label,
    connect: connectMfaSettings as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'mfaPolicy',
    title: 'MFA required per group',
    model: mfaPolicy.model as PathModel<unknown>,
    label: mfaPolicy.label,
    connect: connectMfaPolicy as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'recoveryCodes',
    title: 'Recovery codes',
    model: recoveryCodes.model as PathModel<unknown>,
    label: recoveryCodes.label,
    connect: connectRecoveryCodes as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'recoverySignIn',
    title: 'Sign-in with a recovery code',
    model: recoverySignIn.model as PathModel<unknown>,
    label: recoverySignIn.label,
    connect: connectRecoverySignIn as unknown as AnyConnect,
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'passwordlessSignIn',
    title: 'Passwordless sign-in',
    model: passwordlessSignInModel as PathModel<unknown>,
    label: passwordlessLabel,
    connect: connectPasswordlessSignIn as unknown as AnyConnect,
    hub: 'authEvents',
    // maxAttempts is no timer, but the paths assume it too: two attempts keep the graph small (see the model).
    timing: {
      challengeTimeoutMs: 180_000,
      resendCooldownMs: 30_000,
      callTimeoutMs: CALL_TIMEOUT_MS,
      passkeyTimeoutMs: 120_000,
      maxAttempts: 2,
    },
  },
  {
    name: 'devices',
    title: 'Remembered devices',
    model: devices.model as PathModel<unknown>,
    label: devices.label,
    connect: connectDevices as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
  {
    name: 'passkeys',
    title: 'Passkeys',
    model: passkeys.model as PathModel<unknown>,
    label: passkeys.label,
    connect: connectPasskeys as unknown as AnyConnect,
    hub: 'authEvents',
    timing: { callTimeoutMs: CALL_TIMEOUT_MS },
  },
];
