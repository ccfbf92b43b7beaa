/**
 * Every input of every machine × the bad-input corpus: each value gets a typed
 * error on that input before any call (FakeActors records none), the actor
 * keeps running on the same step, the view's field keeps what was typed
 * (a non-string keeps ''), and no password is kept.
 */
import type { AnyEventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { PASSWORDLESS_ERROR_MESSAGES } from '../../machines/passwordless/passwordless.errors.js';
import { RECOVERY_ERROR_MESSAGES } from '../../machines/recovery/recovery.errors.js';
import { connectRecoveryCodes, connectRecoverySignIn } from '../../machines/recovery/recovery.view.js';
import type { RecoveryCodesSnapshot, RecoverySignInSnapshot } from '../../machines/recovery/recovery.view.js';
import { ERROR_MESSAGES, isFlowError } from '../../machines/shared/errors.js';
import type { FlowErrorField } from '../../machines/shared/errors.js';
import { MODELS } from '../../src/diagram/models.js';
import type { AnyMachineSnapshot } from '../../src/diagram/paths.js';
import { passkeysSpec, passwordlessSpec, phoneSpec, settingsSpec, signInSpec, totpSpec } from '../property/specs.js';
import type { AnyView } from '../property/harness.js';
import { activeNodeIds, flush, playStep, shortestPathTo, startLive } from '../support/replay.js';
import { BAD_ANSWERS, BAD_ATTRIBUTES, CORPUS, isBadFor } from './corpus.js';
import type { BadValue, Field } from './corpus.js';

const GOOD_PASSWORD = 'Correct-h0rse!';
const GOOD_NEW_PASSWORD = 'New-passw0rd!';

interface Input {
  readonly machine:
    | 'signIn'
    | 'totpEnrollment'
    | 'phoneVerification'
    | 'mfaSettings'
    | 'passwordlessSignIn'
    | 'passkeys'
    | 'recoveryCodes'
    | 'recoverySignIn';
  /** Where the input is, and the view step that shows it. */
  readonly state: string;
  readonly step: string;
  readonly field: Field;
  readonly event: (value: unknown) => AnyEventObject;
  /** The field the error must name (none for a method, which has no input of its own). */
  readonly errorField: FlowErrorField | null;
  /** The view's `values` member that must keep what was typed. */
  readonly kept?: string;
  /** Whether it must hold what this value was typed as (false: what an earlier, good field held). */
  readonly keptValue?: (value: unknown) => string;
  /** Passwords typed with this event, which nothing may keep. */
  readonly passwords?: (value: unknown) => readonly unknown[];
  /** Extra condition on the state reached (a settings page with methods to choose from). */
  readonly where?: (snapshot: AnyMachineSnapshot) => boolean;
  readonly corpus?: readonly BadValue[];
}

const asTyped = (value: unknown) => (typeof value === 'string' ? value : '');
const code = (state: string, step: string, machine: Input['machine'] = 'signIn'): Input => ({
  machine,
  state,
  step,
  field: 'code',
  event: (value) => ({ type: 'CODE.SUBMIT', code: value }),
  errorField: 'code',
  kept: 'code',
});
/** A sign-in's identifier and password, each bad in turn (the other one good). */
const credentials = (machine: Input['machine'], state: string): readonly Input[] => [
  {
    machine,
    state,
    step: state,
    field: 'username',
    event: (value) => ({ type: 'CREDENTIALS.SUBMIT', username: value, password: GOOD_PASSWORD }),
    errorField: 'username',
    kept: 'username',
    passwords: () => [GOOD_PASSWORD],
  },
  {
    machine,
    state,
    step: state,
    field: 'password',
    event: (value) => ({ type: 'CREDENTIALS.SUBMIT', username: 'pat@example.com', password: value }),
    errorField: 'password',
    kept: 'username',
    keptValue: () => 'pat@example.com',
    passwords: (value) => [value],
  },
];

const INPUTS: readonly Input[] = [
  ...credentials('signIn', 'credentials'),
  {
    machine: 'signIn',
    state: 'resetPassword.enteringUsername',
    step: 'forgotPassword',
    field: 'username',
    event: (value) => ({ type: 'USERNAME.SUBMIT', username: value }),
    errorField: 'username',
    kept: 'username',
  },
  code('challenge.totpCode.awaitingCode', 'totpCode'),
  code('challenge.smsCode.awaitingCode', 'smsCode'),
  code('challenge.emailCode.awaitingCode', 'emailCode'),
  code('challenge.totpSetup.awaitingCode', 'totpSetup'),
  code('confirmSignUp.awaitingCode', 'confirmSignUp'),
  {
    machine: 'signIn',
    state: 'challenge.emailSetup.awaitingEmail',
    step: 'emailSetup',
    field: 'email',
    event: (value) => ({ type: 'EMAIL.SUBMIT', email: value }),
    errorField: 'email',
    kept: 'email',
  },
  {
    machine: 'signIn',
    state: 'challenge.newPassword.awaitingPassword',
    step: 'newPassword',
    field: 'newPassword',
    event: (value) => ({ type: 'NEW_PASSWORD.SUBMIT', password: value }),
    errorField: 'newPassword',
    passwords: (value) => [value],
  },
  {
    machine: 'signIn',
    state: 'challenge.newPassword.awaitingPassword',
    step: 'newPassword',
    field: 'attributes',
    event: (value) => ({ type: 'NEW_PASSWORD.SUBMIT', password: GOOD_NEW_PASSWORD, attributes: value }),
    errorField: null,
    passwords: () => [GOOD_NEW_PASSWORD],
    corpus: BAD_ATTRIBUTES,
  },
  {
    machine: 'signIn',
    state: 'resetPassword.awaitingCode',
    step: 'resetPassword',
    field: 'code',
    event: (value) => ({ type: 'RESET.SUBMIT', code: value, password: GOOD_NEW_PASSWORD }),
    errorField: 'code',
    kept: 'code',
    passwords: () => [GOOD_NEW_PASSWORD],
  },
  {
    machine: 'signIn',
    state: 'resetPassword.awaitingCode',
    step: 'resetPassword',
    field: 'newPassword',
    event: (value) => ({ type: 'RESET.SUBMIT', code: '123456', password: value }),
    errorField: 'newPassword',
    kept: 'code',
    keptValue: () => '123456',
    passwords: (value) => [value],
  },
  ...(['mfaSelection', 'mfaSetupSelection'] as const).map(
    (step): Input => ({
      machine: 'signIn',
      state: `challenge.${step}.awaitingChoice`,
      step,
      field: 'method',
      event: (value) => ({ type: 'METHOD.SELECT', method: value }),
      errorField: null,
    }),
  ),
  code('enrolling.awaitingCode', 'awaitingCode', 'totpEnrollment'),
  {
    machine: 'phoneVerification',
    state: 'enteringPhone',
    step: 'enteringPhone',
    field: 'phone',
    event: (value) => ({ type: 'PHONE.SUBMIT', phone: value }),
    errorField: 'phone',
    kept: 'phone',
  },
  code('awaitingCode.code.typing', 'awaitingCode', 'phoneVerification'),
  ...(['PREFERRED.SET', 'METHOD.DISABLE'] as const).map(
    (type): Input => ({
      machine: 'mfaSettings',
      state: 'ready',
      step: 'ready',
      field: 'method',
      event: (value) => ({ type, method: value }),
      errorField: null,
      // A page with two methods on, so that a method name is something the page could act on.
      where: (s) => ((s.context as { status: { enabled: readonly string[] } | null }).status?.enabled.length ?? 0) >= 2,
    }),
  ),
  // The passwordless sign-in's inputs.
  {
    machine: 'passwordlessSignIn',
    state: 'credentials',
    step: 'credentials',
    field: 'username',
    event: (value) => ({ type: 'IDENTIFIER.SUBMIT', username: value }),
    errorField: 'username',
    kept: 'username',
  },
  {
    machine: 'passwordlessSignIn',
    state: 'challenge.factorSelection.awaitingChoice',
    step: 'factorSelection',
    field: 'method',
    event: (value) => ({ type: 'FACTOR.SELECT', factor: value }),
    errorField: null,
  },
  {
    machine: 'passwordlessSignIn',
    state: 'challenge.password.awaitingPassword',
    step: 'password',
    field: 'password',
    event: (value) => ({ type: 'PASSWORD.SUBMIT', password: value }),
    errorField: 'password',
    passwords: (value) => [value],
  },
  code('challenge.emailCode.awaitingCode', 'emailCode', 'passwordlessSignIn'),
  {
    machine: 'passwordlessSignIn',
    state: 'challenge.customChallenge.awaitingAnswer',
    step: 'customChallenge',
    field: 'answer',
    event: (value) => ({ type: 'ANSWER.SUBMIT', answer: value }),
    errorField: 'answer',
    kept: 'answer',
    corpus: BAD_ANSWERS,
  },
  {
    // No value of the corpus is the id of a listed passkey: each is refused, nothing is deleted or asked.
    machine: 'passkeys',
    state: 'ready',
    step: 'ready',
    field: 'passkeyId',
    event: (value) => ({ type: 'PASSKEY.DELETE', id: value }),
    errorField: null,
    where: (s) => ((s.context as { passkeys: readonly unknown[] | null }).passkeys?.length ?? 0) >= 1,
  },
  // Recovery codes: the password before a new set, the sign-in's credentials and the code (a recovery code, not 6 digits).
  {
    machine: 'recoveryCodes',
    state: 'enteringPassword',
    step: 'enteringPassword',
    field: 'password',
    event: (value) => ({ type: 'PASSWORD.SUBMIT', password: value }),
    errorField: 'password',
    passwords: (value) => [value],
  },
  ...credentials('recoverySignIn', 'enteringCredentials'),
  code('awaitingCode', 'awaitingCode', 'recoverySignIn'),
];

const CONNECT = {
  signIn: signInSpec,
  totpEnrollment: totpSpec,
  phoneVerification: phoneSpec,
  mfaSettings: settingsSpec,
  passwordlessSignIn: passwordlessSpec,
  passkeys: passkeysSpec,
  recoveryCodes: {
    connect: (s: AnyMachineSnapshot) => connectRecoveryCodes(s as RecoveryCodesSnapshot, () => undefined) as unknown as AnyView,
  },
  recoverySignIn: {
    connect: (s: AnyMachineSnapshot) => connectRecoverySignIn(s as RecoverySignInSnapshot, () => undefined) as unknown as AnyView,
  },
};
const CODES = new Set([
  ...Object.keys(ERROR_MESSAGES),
  ...Object.keys(PASSWORDLESS_ERROR_MESSAGES),
  ...Object.keys(RECOVERY_ERROR_MESSAGES),
]);

/** Whether a string is anywhere in a value (snapshot, persisted snapshot, view). */
function holds(value: unknown, needle: string, seen = new Set<unknown>()): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (!value || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  try {
    return Object.values(value).some((v) => holds(v, needle, seen));
  } catch {
    return false;
  }
}

async function tryValue(input: Input, value: BadValue): Promise<string | null> {
  const entry = MODELS.find((m) => m.name === input.machine)!;
  const stateId = `${input.machine}.${input.state}`;
  const inputs = [entry.model.input, ...(entry.model.variants ?? []).map((v) => v.input)];
  let path: AnyEventObject[] | null = null;
  let machineInput: unknown;
  for (const candidate of inputs) {
    path = shortestPathTo(entry.model, candidate, (s) => activeNodeIds(s).includes(stateId) && (input.where?.(s) ?? true));
    machineInput = candidate;
    if (path) break;
  }
  if (!path) return `cannot reach ${stateId}`;
  const live = await startLive(entry.model.machine, machineInput);
  try {
    for (const event of path) if (!(await playStep(live, event))) return `path to ${stateId} broke at ${event.type}`;
    if (!activeNodeIds(live.actor.getSnapshot()).includes(stateId)) return `did not reach ${stateId}`;
    const callsBefore = live.fakes.calls.length;
    const typed = value.make();
    try {
      live.actor.send(input.event(typed));
    } catch (e) {
      return `send threw ${(e as Error).message}`;
    }
    await flush();
    const snapshot = live.actor.getSnapshot() as AnyMachineSnapshot;
    const calls = live.fakes.calls.slice(callsBefore);
    if (calls.length > 0) return `called ${calls.map((c) => c.src).join(', ')}`;
    if (snapshot.status !== 'active') return `the actor is ${snapshot.status}`;
    let view: AnyView;
    try {
      view = CONNECT[input.machine].connect(snapshot as never, () => undefined);
    } catch (e) {
      return `the view threw ${(e as Error).message}`;
    }
    if (view.step !== input.step) return `moved to ${view.step}`;
    const error = view.error;
    if (!isFlowError(error) || !CODES.has(error.code)) return 'no typed error';
    if (input.errorField && error.field !== input.errorField)
      return `error about ${error.field ?? 'no field'} (${error.code}), not ${input.errorField}`;
    if (input.kept) {
      const values = view.values as Readonly<Record<string, unknown>> | undefined;
      if (!values || !(input.kept in values)) return `the view has no values.${input.kept}`;
      const expected = input.keptValue ? input.keptValue(typed) : asTyped(typed);
      if (values[input.kept] !== expected) return `values.${input.kept} is not what was typed`;
    }
    // A refused sign-in keeps no password at all; elsewhere the one typed must not be kept.
    if (['credentials', 'enteringCredentials'].includes(input.state) && (snapshot.context as { password?: unknown }).password !== '')
      return 'context.password kept';
    for (const password of input.passwords?.(typed) ?? []) {
      if (typeof password === 'string' && password.length >= 6) {
        const where = {
          snapshot: { value: snapshot.value, context: snapshot.context },
          persisted: live.actor.getPersistedSnapshot(),
          view,
        };
        if (holds(where, password)) return 'the password typed is kept';
      }
    }
    return null;
  } finally {
    live.actor.stop();
  }
}

/** Failures grouped by what went wrong, so one missing feature reads as one line. */
function summary(failures: readonly [string, string][]): string[] {
  const byProblem = new Map<string, string[]>();
  for (const [name, problem] of failures) byProblem.set(problem, [...(byProblem.get(problem) ?? []), name]);
  return [...byProblem].map(
    ([problem, names]) =>
      `${problem}: ${names.length > 6 ? `${names.slice(0, 6).join('; ')} … (${names.length} values)` : names.join('; ')}`,
  );
}

describe('bad input', () => {
  it('the corpus has at least 60 named values, each tried on every input it is bad for', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((v) => v.name)).size).toBe(CORPUS.length);
  });

  for (const input of INPUTS) {
    const values = (input.corpus ?? CORPUS).filter((v) => isBadFor(v, input.field));
    it(`${input.machine} ${input.state}: ${input.event(null).type} ${input.field} (${values.length} values)`, async () => {
      const failures: [string, string][] = [];
      for (const value of values) {
        const problem = await tryValue(input, value);
        if (problem) failures.push([value.name, problem]);
      }
      expect(summary(failures).join('\n')).toBe('');
    });
  }
});
