/**
 * What the passwordless sign-in must do, written from issue 11's spec and not
 * from the machine (no machine code is imported: types only). The steps it
 * shares with the sign-in (MFA codes, set-ups, sign-up, reset, session) are
 * the sign-in's rules (test/signIn/oracle.ts); everything the passwordless
 * flow adds is checked here:
 *
 * - the first factors offered are exactly the ones Cognito listed, a passkey
 *   only among them, and a factor not listed never reaches the network;
 * - a sign-in from the identifier alone is USER_AUTH without a password;
 * - an emailed or texted first-factor code keeps the MFA code rules, and a new
 *   code is a new USER_AUTH sign-in for the same factor, without a password;
 * - every step of the challenge and the passkey step has a way back to
 *   another method (a new USER_AUTH sign-in with no factor) and to the start;
 * - the passkey ceremony's failures are typed, and offer a retry and another method;
 * - a custom challenge shows its parameters and sends the answer as typed;
 * - secrets (password, code, answer) exist only in the steps that need them.
 */
import { expect } from 'vitest';
import type { AnyEventObject } from 'xstate';
import type { PasswordlessSignInView } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInContext } from '../../machines/passwordless/passwordless.types.js';
import type { SignInStep } from '../../machines/signIn/signIn.types.js';
import type { FakeCall } from '../support/fakeActors.js';
import { at } from '../support/views.js';
import { checkStep as checkSignInStep } from '../signIn/oracle.js';
import type { Observation as SignInObservation, Timing as SignInTiming } from '../signIn/oracle.js';

export interface Timing extends SignInTiming {
  readonly passkeyTimeoutMs: number;
}

export interface Observation {
  readonly before: PasswordlessSignInView;
  readonly beforeContext: PasswordlessSignInContext;
  readonly event: AnyEventObject;
  readonly after: PasswordlessSignInView;
  readonly context: PasswordlessSignInContext;
  readonly calls: readonly FakeCall[];
  readonly now: number;
}

const NEW_VIEWS = new Set(['factorSelection', 'password', 'passkey', 'passkeyFailed', 'customChallenge']);
const NEW_EVENTS = new Set(['IDENTIFIER.SUBMIT', 'FACTOR.SELECT', 'FACTOR.CHANGE', 'PASSWORD.SUBMIT', 'PASSKEY.RETRY', 'ANSWER.SUBMIT']);
/** The steps inside Cognito's challenge session: each has a countdown, the start, and another method. */
const CHALLENGE_VIEWS = new Set([
  'totpCode',
  'smsCode',
  'emailCode',
  'mfaSelection',
  'mfaSetupSelection',
  'totpSetup',
  'emailSetup',
  'newPassword',
  'factorSelection',
  'password',
  'customChallenge',
]);
const NEW_STEPS: Readonly<Record<string, string>> = {
  CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION: 'factorSelection',
  CONFIRM_SIGN_IN_WITH_PASSWORD: 'password',
  CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE: 'customChallenge',
};
/** The passkey ceremony's failures, by the name aws-amplify gives them, and the typed error each must become. */
const PASSKEY_FAILURES: Readonly<Record<string, string>> = {
  PasskeyAuthenticationCanceled: 'PASSKEY_CANCELLED',
  PasskeyNotSupported: 'PASSKEY_UNSUPPORTED',
};
const LOCKOUT_CODES = ['LOCKED_OUT', 'TOO_MANY_REQUESTS', 'LIMIT_EXCEEDED'];

function actorOutcome(event: AnyEventObject): { kind: 'done' | 'error'; src: string } | null {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  return m ? { kind: m[1] as 'done' | 'error', src: m[2] ?? '' } : null;
}

const read = (view: PasswordlessSignInView, key: string): unknown =>
  key in view ? (view as unknown as Record<string, unknown>)[key] : undefined;

/** What must hold in every view of this flow. */
function checkPasswordlessInvariants(view: PasswordlessSignInView, ctx: PasswordlessSignInContext): void {
  if (view.step !== 'customChallenge') expect(ctx.answer, `the answer must be gone in ${view.step}`).toBe('');
  if (NEW_VIEWS.has(view.step)) {
    // The password is typed on the password step and kept while it is checked; nowhere else among the new steps.
    if (!(view.step === 'password' && view.busy)) expect(ctx.password, `password must be gone in ${view.step}`).toBe('');
    expect(ctx.code, `code must be gone in ${view.step}`).toBe('');
    expect(ctx.totpSetup).toBeNull();
    expect(ctx.expiresAt !== null, `expiresAt is set exactly during a challenge (${view.step})`).toBe(CHALLENGE_VIEWS.has(view.step));
  }
  if (CHALLENGE_VIEWS.has(view.step)) {
    expect(read(view, 'changeMethod'), `${view.step} offers another method`).toBeTypeOf('function');
    expect(read(view, 'cancel'), `${view.step} offers the start`).toBeTypeOf('function');
  }
  if (view.step === 'passkey') {
    expect(view.busy).toBe(true);
    expect(view.changeMethod).toBeTypeOf('function');
  }
  if (view.step === 'passkeyFailed') {
    expect(view.busy).toBe(false);
    expect(view.error?.code, 'a failed passkey says why').toMatch(/^PASSKEY_|^[A-Z_]+$/);
  }
  if (view.step === 'factorSelection') expect(view.availableChallenges).toEqual(ctx.factors);
  if (view.step === 'credentials') expect(read(view, 'startSignIn')).toBeTypeOf('function');
}

const identifierOk = (raw: unknown) => typeof raw === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim());

export function checkStep(o: Observation, t: Timing): void {
  const { before, event, after, calls } = o;
  checkPasswordlessInvariants(after, o.context);
  const outcome = actorOutcome(event);
  const newStep =
    outcome?.kind === 'done' && (outcome.src === 'signIn' || outcome.src === 'confirmSignIn' || outcome.src === 'passkeySignIn')
      ? (event as unknown as { output: SignInStep }).output.signInStep in NEW_STEPS || outcome.src === 'passkeySignIn'
      : false;
  const mine =
    NEW_VIEWS.has(before.step) ||
    NEW_VIEWS.has(after.step) ||
    NEW_EVENTS.has(event.type) ||
    event.type.startsWith('xstate.after.passkeyTimeout') ||
    newStep;
  // A code sent as the first factor (EMAIL_OTP, SMS_OTP) has 8 digits in Cognito, where an MFA code has 6.
  const firstFactorCode = o.beforeContext.factor === 'EMAIL_OTP' || o.beforeContext.factor === 'SMS_OTP';
  if (event.type === 'CODE.SUBMIT' && firstFactorCode && (before.step === 'emailCode' || before.step === 'smsCode')) {
    const digits = String(event.code).replace(/[\s-]/g, '');
    if (/^\d{8}$/.test(digits)) {
      expect(calls.map((c) => c.src)).toEqual(['confirmSignIn']);
      expect(calls[0]?.input).toMatchObject({ challengeResponse: digits });
      expect(after.error).toBeNull();
    } else {
      expect(calls, 'a malformed sign-in code calls nothing').toEqual([]);
      expect(after.step).toBe(before.step);
      expect(after.error?.code).toBe('CODE_FORMAT');
      expect(read(after, 'values')).toMatchObject({ code: event.code });
    }
    return;
  }
  if (!mine) {
    // The sign-in's own steps keep the sign-in's rules.
    checkSignInStep(o as unknown as SignInObservation, t);
    if (event.type === 'CODE.RESEND' && calls[0]?.src === 'signIn') {
      // A new code is a new sign-in: by USER_AUTH for a code asked for from the identifier alone.
      const factor = o.beforeContext.factor;
      if (o.beforeContext.userAuth && (factor === 'EMAIL_OTP' || factor === 'SMS_OTP'))
        expect(calls[0].input).toMatchObject({ authFlowType: 'USER_AUTH', preferredChallenge: factor, password: '' });
      if (!o.beforeContext.userAuth) expect(calls[0].input).not.toHaveProperty('preferredChallenge');
    }
    return;
  }

  if (event.type.startsWith('xstate.after.passkeyTimeout')) {
    expect(at(after, 'passkeyFailed').error?.code).toBe('PASSKEY_TIMEOUT');
    return;
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    expect(after.busy, 'nothing is left waiting').toBe(false);
    expect(after.error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(after.step).toBe(before.step === 'signingIn' ? 'credentials' : before.step);
    return;
  }
  if (event.type.startsWith('xstate.after.challengeExpiry')) {
    expect(after.step).toBe('expired');
    expect(after.error?.code).toBe('SESSION_EXPIRED');
    return;
  }

  if (!outcome) {
    switch (event.type) {
      case 'FLOW.CANCEL':
        expect(at(after, 'credentials').values.username, 'the start keeps the identifier').toBe(o.beforeContext.username);
        expect(o.context.password).toBe('');
        expect(o.context.code).toBe('');
        expect(o.context.answer).toBe('');
        expect(calls).toEqual([]);
        return;
      case 'FACTOR.CHANGE':
        // Another method: a new sign-in from the identifier, with no factor and no password; Cognito offers the factors again.
        expect(after.step).toBe('signingIn');
        expect(calls.map((c) => c.src)).toEqual(['signIn']);
        expect(calls[0]?.input).toMatchObject({ username: o.beforeContext.username, password: '', authFlowType: 'USER_AUTH' });
        expect(calls[0]?.input).not.toHaveProperty('preferredChallenge');
        expect(o.context.code).toBe('');
        return;
      case 'IDENTIFIER.SUBMIT':
        if (!identifierOk(event.username)) {
          expect(calls, 'a bad identifier never reaches the network').toEqual([]);
          const form = at(after, 'credentials');
          expect(form.error?.code).toMatch(/^USERNAME_/);
          expect(form.values.username, 'what was typed stays').toBe(event.username);
          return;
        }
        if (event.preferredChallenge === 'WEB_AUTHN') {
          expect(after.step, 'a passkey asked for up front goes straight to the ceremony').toBe('passkey');
          expect(calls.map((c) => c.src)).toEqual(['passkeySignIn']);
          expect(calls[0]?.input).toMatchObject({ username: String(event.username).trim(), selected: false });
          return;
        }
        expect(after.step).toBe('signingIn');
        expect(calls.map((c) => c.src)).toEqual(['signIn']);
        expect(calls[0]?.input).toMatchObject({ username: String(event.username).trim(), password: '', authFlowType: 'USER_AUTH' });
        if (event.preferredChallenge) expect(calls[0]?.input).toMatchObject({ preferredChallenge: event.preferredChallenge });
        else expect(calls[0]?.input).not.toHaveProperty('preferredChallenge');
        return;
      case 'FACTOR.SELECT': {
        const offered = o.beforeContext.factors;
        if (!offered.includes(event.factor)) {
          expect(calls, 'a factor Cognito did not offer never reaches the network').toEqual([]);
          expect(after.step).toBe('factorSelection');
          expect(after.error?.code).toMatch(/^(METHOD_NOT_ALLOWED|INVALID_EVENT)$/);
          return;
        }
        if (event.factor === 'WEB_AUTHN') {
          expect(after.step).toBe('passkey');
          expect(calls.map((c) => c.src)).toEqual(['passkeySignIn']);
          expect(calls[0]?.input).toMatchObject({ selected: true });
          return;
        }
        expect(after.busy).toBe(true);
        expect(calls.map((c) => c.src)).toEqual(['confirmSignIn']);
        expect(calls[0]?.input).toMatchObject({ challengeResponse: event.factor });
        return;
      }
      case 'PASSWORD.SUBMIT':
        if (event.password === '') {
          expect(calls).toEqual([]);
          expect(at(after, 'password').error?.code).toBe('PASSWORD_REQUIRED');
          expect(o.context.password).toBe('');
          return;
        }
        expect(calls.map((c) => c.src)).toEqual(['confirmSignIn']);
        expect(calls[0]?.input).toMatchObject({ challengeResponse: event.password });
        expect(after.busy).toBe(true);
        return;
      case 'ANSWER.SUBMIT':
        if (String(event.answer).trim() === '') {
          expect(calls).toEqual([]);
          expect(at(after, 'customChallenge').error?.code).toBe('ANSWER_REQUIRED');
          return;
        }
        expect(calls.map((c) => c.src)).toEqual(['confirmSignIn']);
        expect(calls[0]?.input).toMatchObject({ challengeResponse: event.answer });
        return;
      case 'PASSKEY.RETRY':
        expect(after.step).toBe('passkey');
        expect(after.error).toBeNull();
        expect(calls.map((c) => c.src)).toEqual(['passkeySignIn']);
        expect(calls[0]?.input, 'a retry is a new sign-in that prefers the passkey').toMatchObject({ selected: false });
        return;
      default:
        // Any other user event on a new step does nothing there (the machine ignores what the step does not offer).
        expect(calls).toEqual([]);
        return;
    }
  }

  if (outcome.kind === 'done' && (outcome.src === 'signIn' || outcome.src === 'confirmSignIn' || outcome.src === 'passkeySignIn')) {
    const step = (event as unknown as { output: SignInStep }).output;
    const expected = NEW_STEPS[step.signInStep];
    if (!expected) {
      // A base step after a passwordless one (MFA after the password, DONE after a code or a passkey): the sign-in's rules.
      checkSignInStep(
        { ...o, event: { ...event, type: event.type.replace('passkeySignIn', 'confirmSignIn') } } as unknown as SignInObservation,
        t,
      );
      return;
    }
    expect(after.step).toBe(expected);
    expect(read(after, 'expiresAt'), 'a new challenge starts its own timer').toBe(o.now + t.challengeTimeoutMs);
    if (step.signInStep === 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION') {
      // Only what Cognito offers: no passkey is shown that Cognito did not list.
      expect(at(after, 'factorSelection').availableChallenges).toEqual(step.availableChallenges);
    }
    if (step.signInStep === 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE')
      expect(at(after, 'customChallenge').parameters).toEqual(step.parameters);
    return;
  }

  if (outcome.kind === 'error') {
    const { error } = event as unknown as { error: { name: string; message: string } };
    const lockout =
      error.name === 'LimitExceededException' || /attempts exceeded/.test(error.message) || error.name === 'TooManyRequestsException';
    if (lockout) {
      expect(after.step).toBe('locked');
      expect(LOCKOUT_CODES).toContain(after.error?.code);
      return;
    }
    if (/session is expired/.test(error.message)) {
      expect(after.step).toBe('expired');
      return;
    }
    const passkeyCode = PASSKEY_FAILURES[error.name];
    if (passkeyCode) {
      // Whichever call ran the ceremony (signIn may run it when Cognito answers with WEB_AUTHN), the failure is typed.
      const failed = at(after, 'passkeyFailed');
      expect(failed.error?.code).toBe(passkeyCode);
      expect(failed.retry).toBeTypeOf('function');
      expect(failed.changeMethod).toBeTypeOf('function');
      return;
    }
    if (outcome.src === 'passkeySignIn') {
      expect(after.step).toBe('passkeyFailed');
      expect(after.error?.name).toBe(error.name);
      return;
    }
    if ((before.step === 'customChallenge' || before.step === 'password') && error.name === 'NotAuthorizedException') {
      // The custom auth Lambda failed the sign-in, or Cognito refused the password (which ends a USER_AUTH session:
      // it cannot be asked again there): it is over, and the user starts again from the identifier.
      expect(after.step).toBe('credentials');
      expect(after.error?.code).toBe('WRONG_CREDENTIALS');
      return;
    }
    if (outcome.src === 'signIn') {
      expect(after.step).toBe('credentials');
      return;
    }
    expect(after.step, 'back to the same step with the error shown').toBe(before.step);
    expect(after.error?.name).toBe(error.name);
    if (before.step === 'password') expect(o.context.password, 'a refused password is dropped').toBe('');
  }
}
