/**
 * Every snapshot the generated paths visit, for each machine, with its view:
 * the view tests (actions against `snapshot.can`, prop getters) check each one.
 * The paths are walked on live actors with fake Amplify calls, as the path
 * tests do; this only collects what was seen.
 */
import { fromPromise } from 'xstate';
import { connectRecoveryCodes, connectRecoverySignIn } from '../../machines/recovery/recovery.view.js';
import { recoveryCodesMachine } from '../../machines/recovery/recoveryCodes.machine.js';
import { recoverySignInMachine } from '../../machines/recovery/recoverySignIn.machine.js';
import { recoveryCodes, recoverySignIn } from '../../src/diagram/recovery.model.js';
import type { AnyActor, AnyEventObject, AnyStateMachine } from 'xstate';
import { devicesMachine } from '../../machines/devices/devices.machine.js';
import { connectDevices } from '../../machines/devices/devices.view.js';
import { devices } from '../../src/diagram/devices.model.js';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import { passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { SETTINGS_INPUT, TOTP_INPUT, mfaSettings, phoneVerification, totpEnrollment } from '../../src/diagram/mfa.models.js';
import { passkeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import { connectPasskeys } from '../../machines/passkeys/passkeys.view.js';
import { PASSKEYS_INPUT, passkeys } from '../../src/diagram/passkeys.model.js';
import type { BuiltModel } from '../../src/diagram/model.js';
import type { AnyMachineSnapshot, GeneratedPath, PathModel } from '../../src/diagram/paths.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import type { CatalogueName } from '../../src/testing/types.js';
import { cataloguePaths } from './catalogue.js';
import { pathsOf } from './generatedPaths.js';
import { labelOf as passwordlessLabel, passwordlessSignInModel } from '../../src/diagram/passwordless.model.js';
import { labelOf, signInModel } from '../../src/diagram/signIn.model.js';
import { walk } from './walk.js';

/** Any view: a step, `busy`, and members some steps have. */
export type AnyView = { readonly step: string; readonly busy: boolean } & Readonly<Record<string, unknown>>;
type Connect = (snapshot: AnyMachineSnapshot, send: (event: AnyEventObject) => void) => AnyView;

export interface Seen {
  readonly snapshot: AnyMachineSnapshot;
  readonly view: AnyView;
  /** The same snapshot's view with a `send` that records instead of sending: its actions can be tried. */
  readonly probe: (send: (event: AnyEventObject) => void) => AnyView;
}

export interface Subject {
  readonly name: string;
  readonly model: PathModel<unknown>;
  readonly connect: Connect;
  readonly paths: readonly GeneratedPath[];
  /** Walks a path; `onSeen` gets every snapshot with its view, `onActor` the live actor first. */
  walk(path: GeneratedPath, onSeen: (seen: Seen) => void, onActor?: (actor: AnyActor) => void): Promise<void>;
}

const never = fromPromise(() => new Promise<never>(() => {}));
const inertChild = (m: AnyStateMachine) =>
  m.provide({ actors: Object.fromEntries(Object.keys(m.implementations.actors).map((k) => [k, never])) });

function subject(
  name: CatalogueName,
  built: BuiltModel<unknown>,
  machine: AnyStateMachine,
  connect: unknown,
  o: {
    input: (path: GeneratedPath, now: () => number) => unknown;
    delays: Readonly<Record<string, number>>;
    keep?: Readonly<Record<string, unknown>>;
    paths: 'all' | 'catalogue';
  },
): Subject {
  const c = connect as Connect;
  const paths = o.paths === 'all' ? pathsOf(name, built.model, 'all') : cataloguePaths(name);
  return {
    name,
    model: built.model,
    connect: c,
    paths,
    walk: (path, onSeen, onActor) => {
      const see = (snapshot: AnyMachineSnapshot, send: (event: AnyEventObject) => void) => {
        const seen: Seen = { snapshot, view: c(snapshot, send), probe: (record) => c(snapshot, record) };
        onSeen(seen);
        return seen;
      };
      return walk<Seen, unknown>(path, {
        machine,
        input: (_, now) => o.input(path, now),
        delays: o.delays,
        view: see as never,
        check: () => {},
        label: built.label,
        recorder: new CoverageRecorder(),
        ...(o.keep ? { keep: o.keep } : {}),
        ...(onActor ? { onActor } : {}),
      });
    },
  };
}

const RECOVERY_TIMING = { callTimeoutMs: 1_000 };

const COOLDOWN = 30_000;
/** Shorter than the resend cooldown, as the models assume (`firstDelay`). */
const CALL_TIMEOUT = 1_000;
const SIGN_IN_TIMING = { challengeTimeoutMs: 180_000, resendCooldownMs: 30_000, callTimeoutMs: 1_000, maxAttempts: 5 };

/**
 * The four machines. Sign-in walks its catalogue, the paths that cover every
 * state and transition (its full set is about 6,800 paths); the three smaller machines walk
 * every generated path, so every vertex of their traversal is seen.
 */
const ALL_SUBJECTS: readonly Subject[] = [
  subject('signIn', { model: signInModel, label: labelOf } as BuiltModel<unknown>, signInMachine, connectSignIn, {
    input: (_, now) => ({ ...SIGN_IN_TIMING, authFlowType: 'USER_PASSWORD_AUTH', now }),
    delays: {
      challengeExpiry: SIGN_IN_TIMING.challengeTimeoutMs,
      resendCooldown: SIGN_IN_TIMING.resendCooldownMs,
      callTimeout: SIGN_IN_TIMING.callTimeoutMs,
    },
    paths: 'catalogue',
  }),
  subject('totpEnrollment', totpEnrollment as BuiltModel<unknown>, totpEnrollmentMachine, connectTotpEnrollment, {
    input: () => ({ ...TOTP_INPUT, callTimeoutMs: CALL_TIMEOUT }),
    delays: { callTimeout: CALL_TIMEOUT },
    paths: 'all',
  }),
  subject('phoneVerification', phoneVerification as BuiltModel<unknown>, phoneVerificationMachine, connectPhoneVerification, {
    input: (path, now) => ({ ...(path.input as object), resendCooldownMs: COOLDOWN, callTimeoutMs: CALL_TIMEOUT, now }),
    delays: { resendCooldown: COOLDOWN, callTimeout: CALL_TIMEOUT },
    paths: 'all',
  }),
  subject('mfaSettings', mfaSettings as BuiltModel<unknown>, mfaSettingsMachine, connectMfaSettings, {
    input: (path) => ({ ...((path.input as typeof SETTINGS_INPUT | undefined) ?? SETTINGS_INPUT), callTimeoutMs: CALL_TIMEOUT }),
    delays: { callTimeout: CALL_TIMEOUT },
    // The enrollment flows run as real child machines whose calls never answer; their endings are delivered to the parent.
    keep: { totpEnrollment: inertChild(totpEnrollmentMachine), phoneVerification: inertChild(phoneVerificationMachine) },
    paths: 'all',
  }),
  subject('recoveryCodes', recoveryCodes as BuiltModel<unknown>, recoveryCodesMachine, connectRecoveryCodes, {
    input: (path) => ({ ...(path.input as object), ...RECOVERY_TIMING }),
    delays: { callTimeout: RECOVERY_TIMING.callTimeoutMs },
    paths: 'all',
  }),
  subject('recoverySignIn', recoverySignIn as BuiltModel<unknown>, recoverySignInMachine, connectRecoverySignIn, {
    input: () => ({ username: 'user@example.com', ...RECOVERY_TIMING }),
    delays: { callTimeout: RECOVERY_TIMING.callTimeoutMs },
    paths: 'all',
  }),
  subject(
    'passwordlessSignIn',
    { model: passwordlessSignInModel, label: passwordlessLabel } as BuiltModel<unknown>,
    passwordlessSignInMachine,
    connectPasswordlessSignIn,
    {
      input: (_, now) => ({ ...SIGN_IN_TIMING, maxAttempts: 2, passkeyTimeoutMs: 120_000, authFlowType: 'USER_PASSWORD_AUTH', now }),
      delays: {
        challengeExpiry: SIGN_IN_TIMING.challengeTimeoutMs,
        resendCooldown: SIGN_IN_TIMING.resendCooldownMs,
        callTimeout: SIGN_IN_TIMING.callTimeoutMs,
        passkeyTimeout: 120_000,
      },
      paths: 'catalogue',
    },
  ),
  subject('devices', devices as BuiltModel<unknown>, devicesMachine, connectDevices, {
    input: () => ({ callTimeoutMs: CALL_TIMEOUT }),
    delays: { callTimeout: CALL_TIMEOUT },
    paths: 'all',
  }),
  subject('passkeys', passkeys as BuiltModel<unknown>, passkeysMachine, connectPasskeys, {
    input: (path) => ({ ...((path.input as typeof PASSKEYS_INPUT | undefined) ?? PASSKEYS_INPUT), callTimeoutMs: CALL_TIMEOUT }),
    delays: { callTimeout: CALL_TIMEOUT },
    paths: 'all',
  }),
];

/** In a scoped mutation run (vitest.mutation.config.ts), only the machines of its scope; otherwise every one. */
export const inScope = (name: string): boolean => {
  const scope = process.env.MUTATION_SCOPE?.split(',').filter(Boolean);
  return !scope || scope.includes(name);
};

export const SUBJECTS: readonly Subject[] = ALL_SUBJECTS.filter((s) => inScope(s.name));
/** Whether some machines are left out: checks over what all of them show together do not apply. */
export const SCOPED = SUBJECTS.length < ALL_SUBJECTS.length;

/**
 * The user events the model tries at a snapshot (with every payload it knows):
 * actor outcomes, delays and what Amplify's Hub reports (`AUTH.*`, not a user's doing) left out.
 */
export function userEvents(model: PathModel<unknown>, snapshot: AnyMachineSnapshot): AnyEventObject[] {
  return model.events(snapshot).filter((e) => !e.type.startsWith('xstate.') && !e.type.startsWith('AUTH.'));
}
