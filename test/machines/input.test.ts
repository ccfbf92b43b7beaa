import { createActor } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { DEFAULTS } from '../../machines/shared/delays.js';
import {
  FlowInputError,
  clockInput,
  countInput,
  durationInput,
  oneOf,
  poolCapabilitiesInput,
  textInput,
} from '../../machines/shared/input.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';

// What each machine starts from: the defaults when its input leaves an option out, the option when it is
// given, and, for a wrong option, the exact message naming the machine, the option and what it got.

/** The context an actor starts with, or the error that stopped it at start. */
function start(machine: AnyStateMachine, input?: unknown): { context?: Record<string, unknown>; error?: unknown } {
  const actor = createActor(machine, input === undefined ? {} : { input });
  let error: unknown;
  actor.subscribe({ error: (e) => (error = e) });
  actor.start();
  const snapshot = actor.getSnapshot();
  actor.stop();
  return snapshot.status === 'error' ? { error: error ?? snapshot.error } : { context: snapshot.context };
}

function refused(machine: AnyStateMachine, input: unknown): string {
  const { error } = start(machine, input);
  expect(error, JSON.stringify(input)).toBeInstanceOf(FlowInputError);
  return (error as Error).message;
}

const TOTP = { totpIssuer: 'Issuer', accountName: 'pat@example.com' };
const SETTINGS = { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, ...TOTP };

describe('the shared input checks', () => {
  it('durations: absent is the fallback; a finite number from min to a day is kept; anything else is refused by name', () => {
    expect(durationInput('m', 'wait', undefined, 7)).toBe(7);
    expect(durationInput('m', 'wait', 0, 7)).toBe(0);
    expect(durationInput('m', 'wait', 86_400_000, 7)).toBe(86_400_000);
    expect(durationInput('m', 'wait', 1, 7, 1)).toBe(1);
    expect(() => durationInput('m', 'wait', 0, 7, 1)).toThrow(
      new FlowInputError('m: input.wait must be a number of milliseconds from 1 to 86400000 (got 0)'),
    );
    expect(() => durationInput('m', 'wait', 86_400_001, 7)).toThrow(
      'm: input.wait must be a number of milliseconds from 0 to 86400000 (got 86400001)',
    );
    expect(() => durationInput('m', 'wait', -1, 7)).toThrow('(got -1)');
    expect(() => durationInput('m', 'wait', Number.POSITIVE_INFINITY, 7)).toThrow('(got Infinity)');
    expect(() => durationInput('m', 'wait', Number.NaN, 7)).toThrow('(got NaN)');
    expect(() => durationInput('m', 'wait', '5', 7)).toThrow('(got "5")');
    expect(() => durationInput('m', 'wait', null, 7)).toThrow('(got null)');
  });

  it('counts: a whole number from 1 to max', () => {
    expect(countInput('m', 'tries', undefined, 5)).toBe(5);
    expect(countInput('m', 'tries', 1, 5)).toBe(1);
    expect(countInput('m', 'tries', 100, 5)).toBe(100);
    expect(countInput('m', 'tries', 3, 5, 3)).toBe(3);
    expect(() => countInput('m', 'tries', 0, 5)).toThrow(new FlowInputError('m: input.tries must be a whole number from 1 to 100 (got 0)'));
    expect(() => countInput('m', 'tries', 101, 5)).toThrow('from 1 to 100 (got 101)');
    expect(() => countInput('m', 'tries', 4, 5, 3)).toThrow('from 1 to 3 (got 4)');
    expect(() => countInput('m', 'tries', 2.5, 5)).toThrow('(got 2.5)');
    expect(() => countInput('m', 'tries', '2', 5)).toThrow('(got "2")');
  });

  it('texts: non-empty, at most max characters; the fallback only when absent', () => {
    expect(textInput('m', 'name', undefined, 'fallback')).toBe('fallback');
    expect(textInput('m', 'name', ' x ', 'fallback')).toBe(' x ');
    expect(textInput('m', 'name', 'x'.repeat(256))).toBe('x'.repeat(256));
    expect(textInput('m', 'name', 'abc', undefined, 3)).toBe('abc');
    expect(() => textInput('m', 'name', undefined)).toThrow(
      new FlowInputError('m: input.name must be a non-empty string of at most 256 characters (got undefined)'),
    );
    expect(() => textInput('m', 'name', '   ', 'fallback')).toThrow('(got "   ")');
    expect(() => textInput('m', 'name', '', 'fallback')).toThrow('(got "")');
    expect(() => textInput('m', 'name', 'x'.repeat(257))).toThrow('at most 256 characters');
    expect(() => textInput('m', 'name', 'abcd', undefined, 3)).toThrow('at most 3 characters (got "abcd")');
    expect(() => textInput('m', 'name', 42)).toThrow('(got 42)');
  });

  it('one of a list, and a clock', () => {
    expect(oneOf('m', 'mode', undefined, ['A', 'B'], 'B')).toBe('B');
    expect(oneOf('m', 'mode', 'A', ['A', 'B'], 'B')).toBe('A');
    expect(oneOf('m', 'flag', false, ['A', false], 'A')).toBe(false);
    expect(() => oneOf('m', 'mode', 'C', ['A', 'B'], 'B')).toThrow(new FlowInputError('m: input.mode must be one of "A", "B" (got "C")'));
    expect(() => oneOf('m', 'flag', true, ['A', false], 'A')).toThrow('must be one of "A", false (got true)');
    expect(clockInput('m', undefined)).toBe(Date.now);
    const clock = () => 5;
    expect(clockInput('m', clock)).toBe(clock);
    expect(() => clockInput('m', 5)).toThrow(new FlowInputError('m: input.now must be a function returning ms since epoch'));
  });

  it("the pool's capabilities: a known mode and known methods, copied", () => {
    const methods = ['SMS', 'TOTP', 'EMAIL'] as const;
    const given = { mfaMode: 'REQUIRED', mfaMethods: [...methods] };
    const read = poolCapabilitiesInput('m', given);
    expect(read).toEqual(given);
    expect(read.mfaMethods).not.toBe(given.mfaMethods);
    for (const mfaMode of ['OFF', 'OPTIONAL'])
      expect(poolCapabilitiesInput('m', { mfaMode, mfaMethods: [] })).toEqual({ mfaMode, mfaMethods: [] });
    const message =
      "m: input.capabilities must be { mfaMode: 'OFF' | 'OPTIONAL' | 'REQUIRED', mfaMethods: ('SMS' | 'TOTP' | 'EMAIL')[] } (readCapabilities gives it)";
    for (const bad of [
      undefined,
      null,
      'OPTIONAL',
      { mfaMode: 'ON', mfaMethods: [] },
      { mfaMode: 'OFF' },
      { mfaMode: 'OFF', mfaMethods: ['FAX'] },
    ]) {
      expect(() => poolCapabilitiesInput('m', bad), JSON.stringify(bad)).toThrow(new FlowInputError(message));
    }
    expect(new FlowInputError('x').name).toBe('FlowInputError');
  });
});

describe('sign-in input', () => {
  it('starts from Cognito’s defaults, SRP and email sign-in', () => {
    const { context } = start(signInMachine);
    expect(context).toEqual({
      config: {
        authFlowType: 'USER_SRP_AUTH',
        totpIssuer: 'amplify-mfa-flow',
        challengeTimeoutMs: DEFAULTS.challengeTimeoutMs,
        maxAttempts: DEFAULTS.maxAttempts,
        resendCooldownMs: DEFAULTS.resendCooldownMs,
        callTimeoutMs: DEFAULTS.callTimeoutMs,
        loginWith: ['email'],
        now: Date.now,
        flowId: expect.any(String),
      },
      username: '',
      password: '',
      code: '',
      email: '',
      step: null,
      error: null,
      attemptsLeft: DEFAULTS.maxAttempts,
      expiresAt: null,
      canResend: false,
      chosenMethod: null,
      resetRequested: false,
      codeDelivery: null,
      allowedMethods: [],
      missingAttributes: [],
      totpSetup: null,
      unsupportedStep: null,
      rememberDevice: false,
      user: null,
    });
    expect(DEFAULTS).toEqual({ challengeTimeoutMs: 180_000, maxAttempts: 5, resendCooldownMs: 30_000, callTimeoutMs: 30_000 });
  });

  it('keeps its context under 20 top-level keys, so copies stay fast', () => {
    // XState copies the context with Object.assign({}, context, update) on every assign; V8 turns a copy of 20, 23,
    // 26… keys into a dictionary, and every later copy of it costs ~20× more (docs/bench.md). More fields go in
    // an object of their own, as the settings do in \`config\`.
    expect(Object.keys(start(signInMachine).context ?? {}).length).toBeLessThan(20);
  });

  it('keeps every option given', () => {
    const now = () => 1;
    const input = {
      authFlowType: 'USER_PASSWORD_AUTH',
      totpIssuer: 'My App',
      challengeTimeoutMs: 1,
      maxAttempts: 3,
      resendCooldownMs: 0,
      callTimeoutMs: 2,
      loginWith: ['phone', 'username'],
      now,
    };
    expect(start(signInMachine, { ...input, username: 'pat' }).context).toMatchObject({ config: input, username: 'pat', attemptsLeft: 3 });
  });

  it('refuses a wrong option, naming it', () => {
    expect(refused(signInMachine, { authFlowType: 'CUSTOM_AUTH' })).toBe(
      'signIn: input.authFlowType must be one of "USER_SRP_AUTH", "USER_PASSWORD_AUTH" (got "CUSTOM_AUTH")',
    );
    expect(refused(signInMachine, { totpIssuer: '' })).toBe(
      'signIn: input.totpIssuer must be a non-empty string of at most 256 characters (got "")',
    );
    expect(refused(signInMachine, { challengeTimeoutMs: 0 })).toBe(
      'signIn: input.challengeTimeoutMs must be a number of milliseconds from 1 to 86400000 (got 0)',
    );
    expect(refused(signInMachine, { maxAttempts: 0 })).toBe('signIn: input.maxAttempts must be a whole number from 1 to 100 (got 0)');
    expect(refused(signInMachine, { resendCooldownMs: -1 })).toBe(
      'signIn: input.resendCooldownMs must be a number of milliseconds from 0 to 86400000 (got -1)',
    );
    expect(refused(signInMachine, { callTimeoutMs: 0 })).toBe(
      'signIn: input.callTimeoutMs must be a number of milliseconds from 1 to 86400000 (got 0)',
    );
    expect(refused(signInMachine, { now: 'later' })).toBe('signIn: input.now must be a function returning ms since epoch');
    expect(refused(signInMachine, { username: ' ' })).toBe(
      'signIn: input.username must be a non-empty string of at most 256 characters (got " ")',
    );
    expect(refused(signInMachine, { loginWith: ['fax'] })).toBe(
      'signIn: input.loginWith[] must be one of "email", "phone", "username" (got "fax")',
    );
    for (const loginWith of [[], 'email', {}]) {
      const { error } = start(signInMachine, { loginWith });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('signIn: input.loginWith must list at least one of email, phone, username');
    }
  });
});

describe('TOTP enrollment input', () => {
  it('preferred, 5 attempts and no device name by default', () => {
    expect(start(totpEnrollmentMachine, TOTP).context).toEqual({
      ...TOTP,
      preference: 'PREFERRED',
      friendlyDeviceName: undefined,
      maxAttempts: 5,
      callTimeoutMs: DEFAULTS.callTimeoutMs,
      secret: null,
      code: '',
      attemptsLeft: 5,
      error: null,
      status: 'enrolling',
    });
    expect(
      start(totpEnrollmentMachine, { ...TOTP, preference: 'ENABLED', friendlyDeviceName: 'Phone', maxAttempts: 2 }).context,
    ).toMatchObject({
      preference: 'ENABLED',
      friendlyDeviceName: 'Phone',
      maxAttempts: 2,
      attemptsLeft: 2,
    });
  });

  it('refuses a wrong option, naming it', () => {
    expect(refused(totpEnrollmentMachine, { accountName: 'pat' })).toBe(
      'totpEnrollment: input.totpIssuer must be a non-empty string of at most 256 characters (got undefined)',
    );
    expect(refused(totpEnrollmentMachine, { totpIssuer: 'Issuer' })).toBe(
      'totpEnrollment: input.accountName must be a non-empty string of at most 256 characters (got undefined)',
    );
    expect(refused(totpEnrollmentMachine, undefined)).toContain('totpEnrollment: input.totpIssuer');
    expect(refused(totpEnrollmentMachine, { ...TOTP, preference: 'ALWAYS' })).toBe(
      'totpEnrollment: input.preference must be one of "PREFERRED", "ENABLED" (got "ALWAYS")',
    );
    expect(refused(totpEnrollmentMachine, { ...TOTP, friendlyDeviceName: '' })).toBe(
      'totpEnrollment: input.friendlyDeviceName must be a non-empty string of at most 256 characters (got "")',
    );
    expect(refused(totpEnrollmentMachine, { ...TOTP, maxAttempts: 101 })).toBe(
      'totpEnrollment: input.maxAttempts must be a whole number from 1 to 100 (got 101)',
    );
  });
});

describe('phone verification input', () => {
  it('turns SMS MFA on (ENABLED) with a 30 s cooldown by default; starts from a number given', () => {
    expect(start(phoneVerificationMachine).context).toEqual({
      enableSmsMfa: 'ENABLED',
      resendCooldownMs: 30_000,
      callTimeoutMs: DEFAULTS.callTimeoutMs,
      now: Date.now,
      phoneInput: '',
      phone: '',
      code: '',
      codeDelivery: null,
      resendAt: null,
      error: null,
      status: 'verifying',
    });
    const now = () => 2;
    expect(start(phoneVerificationMachine, { enableSmsMfa: false, resendCooldownMs: 5, phone: '+15550100', now }).context).toMatchObject({
      enableSmsMfa: false,
      resendCooldownMs: 5,
      phoneInput: '+15550100',
      phone: '',
      now,
    });
  });

  it('refuses a wrong option, naming it', () => {
    expect(refused(phoneVerificationMachine, { enableSmsMfa: true })).toBe(
      'phoneVerification: input.enableSmsMfa must be one of "PREFERRED", "ENABLED", false (got true)',
    );
    expect(refused(phoneVerificationMachine, { resendCooldownMs: 'soon' })).toBe(
      'phoneVerification: input.resendCooldownMs must be a number of milliseconds from 0 to 86400000 (got "soon")',
    );
    expect(refused(phoneVerificationMachine, { now: 1 })).toBe('phoneVerification: input.now must be a function returning ms since epoch');
  });
});

describe('MFA settings input', () => {
  it('keeps the capabilities, the names for the authenticator and the cooldown for the phone flow', () => {
    expect(start(mfaSettingsMachine, SETTINGS).context).toEqual({
      ...SETTINGS,
      resendCooldownMs: undefined,
      callTimeoutMs: DEFAULTS.callTimeoutMs,
      // Not required of this user beyond the pool's mode unless the app says so.
      requireMfa: false,
      // The step-up's: 5 minutes, the real clock, nothing more for the sign-in flow, nothing held, no sign-in read yet.
      maxAuthAgeMs: 5 * 60 * 1000,
      now: Date.now,
      reauthentication: {},
      status: null,
      error: null,
      pending: null,
      signIn: null,
    });
    expect(start(mfaSettingsMachine, { ...SETTINGS, resendCooldownMs: 0 }).context).toMatchObject({ resendCooldownMs: 0 });
  });

  it('refuses a wrong option, naming it', () => {
    expect(refused(mfaSettingsMachine, undefined)).toContain('mfaSettings: input.capabilities must be');
    expect(refused(mfaSettingsMachine, { ...SETTINGS, accountName: '' })).toBe(
      'mfaSettings: input.accountName must be a non-empty string of at most 256 characters (got "")',
    );
    expect(refused(mfaSettingsMachine, { ...SETTINGS, requireMfa: 'yes' })).toBe(
      'mfaSettings: input.requireMfa must be one of true, false (got "yes")',
    );
    expect(refused(mfaSettingsMachine, { ...SETTINGS, resendCooldownMs: -1 })).toBe(
      'mfaSettings: input.resendCooldownMs must be a number of milliseconds from 0 to 86400000 (got -1)',
    );
  });
});
