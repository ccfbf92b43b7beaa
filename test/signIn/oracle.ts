/**
 * What the sign-in flow must do, written from the spec and not from
 * the machine: given the view before an event, the event, the view after it
 * and the actor calls it caused, each rule says what must hold. The path tests
 * check every step of every generated path against these rules.
 */
import { expect } from 'vitest';
import type { AnyEventObject } from 'xstate';
import type { SignInView, SignInViewStep } from '../../machines/signIn/signIn.view.js';
import type { SignInContext, SignInStep } from '../../machines/signIn/signIn.types.js';
import type { FakeCall } from '../support/fakeActors.js';
import { at } from '../support/views.js';

export interface Timing {
  readonly challengeTimeoutMs: number;
  readonly resendCooldownMs: number;
  readonly callTimeoutMs: number;
  readonly maxAttempts: number;
}

export interface Observation {
  readonly before: SignInView;
  readonly beforeContext: SignInContext;
  readonly event: AnyEventObject;
  readonly after: SignInView;
  readonly context: SignInContext;
  /** Actor calls the event caused, in order (the Hub listener started with the actor is not one). */
  readonly calls: readonly FakeCall[];
  /** The clock when the event happened. */
  readonly now: number;
}

/** Where each answer from Cognito must take the user (the list of states). */
const VIEW_FOR_STEP: Readonly<Record<SignInStep['signInStep'], SignInViewStep>> = {
  DONE: 'loadingUser',
  CONFIRM_SIGN_IN_WITH_TOTP_CODE: 'totpCode',
  CONFIRM_SIGN_IN_WITH_SMS_CODE: 'smsCode',
  CONFIRM_SIGN_IN_WITH_EMAIL_CODE: 'emailCode',
  CONTINUE_SIGN_IN_WITH_MFA_SELECTION: 'mfaSelection',
  CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION: 'mfaSetupSelection',
  CONTINUE_SIGN_IN_WITH_TOTP_SETUP: 'totpSetup',
  CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: 'emailSetup',
  CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: 'newPassword',
  CONFIRM_SIGN_UP: 'confirmSignUp',
  RESET_PASSWORD: 'resetPassword',
  // The passwordless steps are amplify-mfa-flow/passwordless's: this sign-in shows UNSUPPORTED_STEP on the credentials.
  CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION: 'credentials',
  CONFIRM_SIGN_IN_WITH_PASSWORD: 'credentials',
  CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE: 'credentials',
  UNSUPPORTED: 'credentials',
};

const CHALLENGE_VIEWS: ReadonlySet<SignInViewStep> = new Set([
  'totpCode',
  'smsCode',
  'emailCode',
  'mfaSelection',
  'mfaSetupSelection',
  'totpSetup',
  'emailSetup',
  'newPassword',
]);
const CODE_VIEWS: ReadonlySet<SignInViewStep> = new Set(['totpCode', 'smsCode', 'emailCode', 'totpSetup']);
/**
 * Where the password may still be held: sign-in is under way and may need it
 * again (an SMS or email code is resent by signing in again; a confirmed
 * sign-up or a reset signs in with it). Never after a failure, a refusal, or
 * on a challenge that cannot resend (TOTP, TOTP setup, a new password).
 */
const PASSWORD_VIEWS: ReadonlySet<SignInViewStep> = new Set([
  'signingIn',
  'smsCode',
  'emailCode',
  'mfaSelection',
  'mfaSetupSelection',
  'emailSetup',
  'confirmSignUp',
  'resetPassword',
]);
const ALWAYS_BUSY: ReadonlySet<SignInViewStep> = new Set([
  'checkingSession',
  'signingIn',
  'checkingSignedInUser',
  'loadingUser',
  'rememberingDevice',
  'signingOut',
]);
/** Cancel takes the user back to the credentials from here. */
const CANCELLABLE: ReadonlySet<SignInViewStep> = new Set([
  ...CHALLENGE_VIEWS,
  'checkingSession',
  'signingIn',
  'confirmSignUp',
  'resetPassword',
  'forgotPassword',
  'expired',
  'locked',
  'checkingSignedInUser',
  'otherUserSignedIn',
]);
const LOCKOUT_CODES = ['LOCKED_OUT', 'TOO_MANY_REQUESTS', 'LIMIT_EXCEEDED'];

/** The actor a valid user event must call, and with what, in each step. */
function expectedCall(
  view: SignInViewStep,
  event: AnyEventObject,
  ctx: SignInContext,
): { src: string; input: Record<string, unknown> } | null {
  switch (event.type) {
    case 'CREDENTIALS.SUBMIT':
      return {
        src: 'signIn',
        input: { username: String(event.username).trim(), password: event.password, authFlowType: ctx.config.authFlowType },
      };
    case 'PASSWORD.FORGOT':
      return ctx.username ? { src: 'resetPassword', input: { username: ctx.username } } : null;
    case 'USERNAME.SUBMIT':
      return { src: 'resetPassword', input: { username: String(event.username).trim() } };
    case 'AUTH.SIGNED_IN':
      return { src: 'fetchUser', input: undefined as never };
    case 'CODE.SUBMIT':
      if (view === 'confirmSignUp') return { src: 'confirmSignUp', input: { username: ctx.username, code: event.code } };
      return { src: 'confirmSignIn', input: { challengeResponse: event.code } };
    case 'METHOD.SELECT':
      return { src: 'confirmSignIn', input: { challengeResponse: event.method } };
    case 'EMAIL.SUBMIT':
      return { src: 'confirmSignIn', input: { challengeResponse: event.email } };
    case 'NEW_PASSWORD.SUBMIT':
      return { src: 'confirmSignIn', input: { challengeResponse: event.password } };
    case 'RESET.SUBMIT':
      return { src: 'confirmResetPassword', input: { username: ctx.username, code: event.code, newPassword: event.password } };
    case 'CODE.RESEND':
      if (view === 'confirmSignUp') return { src: 'resendSignUpCode', input: { username: ctx.username } };
      if (view === 'resetPassword') return { src: 'resetPassword', input: { username: ctx.username } };
      return { src: 'signIn', input: { username: ctx.username, password: ctx.password } };
    case 'SIGN_OUT':
      return { src: 'signOut', input: { global: event.global === true } };
    default:
      return null;
  }
}

function isInvalidSubmit(event: AnyEventObject, before: SignInContext): boolean {
  switch (event.type) {
    case 'CREDENTIALS.SUBMIT':
      return !String(event.username).includes('@') || event.password === '';
    case 'USERNAME.SUBMIT':
      return !String(event.username).includes('@') || /\s/.test(String(event.username).trim());
    case 'CODE.SUBMIT':
      return !/^\d{6}$/.test(String(event.code).replace(/[\s-]/g, ''));
    case 'EMAIL.SUBMIT':
      return !String(event.email).includes('@');
    case 'NEW_PASSWORD.SUBMIT':
      return event.password === '';
    case 'RESET.SUBMIT':
      return !/^\d{6}$/.test(String(event.code)) || event.password === '';
    case 'METHOD.SELECT':
      return !before.allowedMethods.includes(event.method);
    default:
      return false;
  }
}

/** A member only some steps have; undefined on the others, so an assertion on it fails there. */
function read(view: SignInView, key: string): unknown {
  return key in view ? (view as unknown as Record<string, unknown>)[key] : undefined;
}

/** What the user typed, as the step shows it back. */
function valuesOf(view: SignInView): { readonly username?: string; readonly code?: string; readonly email?: string } {
  return 'values' in view ? view.values : {};
}

function actorOutcome(event: AnyEventObject): { kind: 'done' | 'error'; src: string } | null {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  return m ? { kind: m[1] as 'done' | 'error', src: m[2] ?? '' } : null;
}

export function checkInvariants(view: SignInView, ctx: SignInContext): void {
  if (!PASSWORD_VIEWS.has(view.step)) expect(ctx.password, `password must be gone in ${view.step}`).toBe('');
  if (view.step !== 'totpSetup') expect(ctx.totpSetup, `TOTP secret must be gone in ${view.step}`).toBeNull();
  // The step Cognito asked for is kept by name only: no secret rides along in it.
  expect(typeof ctx.step === 'string' || ctx.step === null, 'context.step holds no object').toBe(true);
  if (view.step === 'locked')
    expect(LOCKOUT_CODES, 'the locked view carries a lockout code, never a code error').toContain(view.error?.code);
  if (!CODE_VIEWS.has(view.step) && view.step !== 'confirmSignUp' && view.step !== 'resetPassword') {
    expect(ctx.code, `code must be gone in ${view.step}`).toBe('');
  }
  if (ALWAYS_BUSY.has(view.step)) expect(view.busy, `${view.step} is busy`).toBe(true);
  if (['credentials', 'locked', 'expired', 'signedIn', 'signedOut', 'forgotPassword'].includes(view.step))
    expect(view.busy, `${view.step} is not busy`).toBe(false);
  expect(ctx.expiresAt !== null, `expiresAt is set exactly during a challenge (${view.step})`).toBe(CHALLENGE_VIEWS.has(view.step));
  expect('expiresAt' in view, `the view has expiresAt exactly during a challenge (${view.step})`).toBe(CHALLENGE_VIEWS.has(view.step));
  if ('expiresAt' in view) expect(view.expiresAt).toBe(ctx.expiresAt);
  if (view.step === 'totpSetup') expect(view.totpSetup.secretGroups).toMatch(/^(\w{4} )*\w{1,4}$/);
  expect(ctx.attemptsLeft).toBeGreaterThanOrEqual(0);
  if ('attemptsLeft' in view) expect(view.attemptsLeft).toBe(ctx.attemptsLeft);
}

export function checkStep(o: Observation, t: Timing): void {
  const { before, event, after, calls } = o;
  checkInvariants(after, o.context);
  if (after.step === 'signedIn' && !after.error && after.user === null) {
    // Signed in without a profile and without saying why: only when the user stopped the wait for it
    // (or stopped a sign-out of a session whose profile was never read).
    const stopped =
      event.type === 'FLOW.CANCEL' && (before.step === 'loadingUser' || (before.step === 'signingOut' && read(before, 'user') === null));
    expect(stopped, 'a signed-in view without a user says why').toBe(true);
  }
  const outcome = actorOutcome(event);

  if (event.type.startsWith('xstate.after.challengeExpiry')) {
    expect(after.step).toBe('expired');
    expect(after.error?.code).toBe('SESSION_EXPIRED');
    return;
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    // A call that never answers ends in a retryable TIMEOUT where the user can act again.
    expect(after.busy, 'nothing is left waiting').toBe(false);
    expect(after.error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    const back: Partial<Record<SignInViewStep, SignInViewStep>> = {
      checkingSession: 'credentials',
      signingIn: 'credentials',
      checkingSignedInUser: 'credentials',
      loadingUser: 'signedIn',
      rememberingDevice: 'signedIn',
      signingOut: 'signedIn',
    };
    expect(after.step).toBe(back[before.step] ?? before.step);
    if (after.step === 'credentials') expect(o.context.password, 'a timed-out sign-in forgets the password').toBe('');
    return;
  }
  if (event.type.startsWith('xstate.after.resendCooldown')) {
    expect(after.step).toBe(before.step);
    expect(read(after, 'canResend'), 'a resend is offered once the cooldown is over, unless a code is being checked').toBe(!after.busy);
    return;
  }

  if (!outcome) {
    // A user event.
    if (
      event.type === 'FLOW.CANCEL' &&
      (before.step === 'signingOut' || before.step === 'loadingUser' || before.step === 'rememberingDevice')
    ) {
      // Cognito already signed the user in (or has not signed them out): stopping the wait cannot undo that.
      expect(after.step, 'a cancelled wait leaves the user signed in').toBe('signedIn');
      expect(calls).toEqual([]);
      expect(o.context.password).toBe('');
      return;
    }
    if (event.type === 'FLOW.CANCEL' && CANCELLABLE.has(before.step)) {
      expect(at(after, 'credentials').values.username).toBe(o.beforeContext.username);
      expect(o.context.user, "nobody else's account is shown").toBeNull();
      expect(o.context.password, 'cancel clears the password').toBe('');
      expect(o.context.code, 'cancel clears the code').toBe('');
      expect(calls).toEqual([]);
      return;
    }
    if (event.type === 'FLOW.RESTART') {
      expect(after.step).toBe('credentials');
      expect(after.error).toBeNull();
      return;
    }
    if (event.type === 'AUTH.SIGNED_OUT' || event.type === 'AUTH.SESSION_LOST') {
      expect(before.step).toBe('signedIn');
      expect(after.step, 'a sign-out elsewhere on the page reaches this flow').toBe('signedOut');
      expect(o.context.user).toBeNull();
      expect(after.error?.code).toBe('SIGNED_OUT');
      return;
    }
    if (event.type === 'PASSWORD.FORGOT') {
      expect(o.context.password, 'a reset starts without the old password').toBe('');
      if (o.beforeContext.username) {
        expect(after.step).toBe('resetPassword');
      } else {
        expect(after.step, 'asks which account').toBe('forgotPassword');
        expect(calls).toEqual([]);
        return;
      }
    }
    if (isInvalidSubmit(event, o.beforeContext)) {
      expect(calls, `a bad ${event.type} must not reach the network`).toEqual([]);
      expect(after.step).toBe(before.step);
      expect(after.busy).toBe(false);
      expect(after.error?.code).toMatch(/_(FORMAT|REQUIRED|INVALID)$|^MFA_METHOD_NOT_FOUND$/);
      if (event.type === 'CODE.SUBMIT') expect(valuesOf(after).code, 'the typed code is kept').toBe(event.code);
      if (event.type === 'CREDENTIALS.SUBMIT') expect(valuesOf(after).username, 'the typed email is kept').toBe(event.username);
      return;
    }
    // "Remember this device" is what the last code answered said, and every new sign-in starts without it.
    if (event.type === 'CODE.SUBMIT' && CODE_VIEWS.has(before.step))
      expect(o.context.rememberDevice, 'the tick goes with the code').toBe(event.rememberDevice === true);
    if (after.step === 'signingIn') expect(o.context.rememberDevice, 'a new sign-in is not remembered yet').toBe(false);
    const call = expectedCall(before.step, event, o.beforeContext);
    if (call) {
      expect(calls.map((c) => c.src)).toEqual([call.src]);
      expect(calls[0]?.input).toMatchObject(call.input);
      expect(after.busy).toBe(true);
    }
    return;
  }

  // An actor answered.
  if (outcome.kind === 'done' && (outcome.src === 'signIn' || outcome.src === 'confirmSignIn')) {
    const step = (event as unknown as { output: SignInStep }).output;
    expect(after.step).toBe(VIEW_FOR_STEP[step.signInStep]);
    if (outcome.src === 'signIn') expect(o.context.attemptsLeft, 'a new sign-in session starts its attempts again').toBe(t.maxAttempts);
    const chosen = o.beforeContext.chosenMethod;
    if (step.signInStep === 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION' && chosen && step.allowedMethods.includes(chosen)) {
      // After a resend, the method picked before is picked again by itself: one user action sends a new code.
      expect(calls.map((c) => c.src)).toEqual(['confirmSignIn']);
      expect(calls[0]?.input).toMatchObject({ challengeResponse: chosen });
      expect(after.busy).toBe(true);
      return;
    }
    if (step.signInStep === 'DONE') expect(calls.map((c) => c.src)).toEqual(['fetchUser']);
    if (step.signInStep === 'UNSUPPORTED') expect(after.error?.code).toBe('UNSUPPORTED_STEP');
    if ('codeDelivery' in step) expect(read(after, 'codeDelivery')).toEqual(step.codeDelivery);
    if ('allowedMethods' in step) expect(read(after, 'allowedMethods')).toEqual(step.allowedMethods);
    if (CHALLENGE_VIEWS.has(after.step))
      expect(read(after, 'expiresAt'), 'a new challenge starts its own timer').toBe(o.now + t.challengeTimeoutMs);
    if (after.step === 'smsCode' || after.step === 'emailCode') expect(after.canResend, 'no resend before the cooldown').toBe(false);
    if (step.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') {
      expect(calls.map((c) => c.src)).toEqual(['createQrCode']);
      expect(calls[0]?.input).toEqual({ uri: step.totpSetup.setupUri });
      expect(at(after, 'totpSetup').totpSetup.secret).toBe(step.totpSetup.sharedSecret);
    }
    return;
  }
  if (outcome.kind === 'done' && outcome.src === 'createQrCode') {
    expect(at(after, 'totpSetup').totpSetup.qrDataUrl).toBe((event as unknown as { output: string }).output);
    return;
  }
  if (outcome.kind === 'done' && outcome.src === 'confirmSignUp' && o.beforeContext.password === '') {
    // The password was dropped on a step that could not resend: it is asked for again, never sent empty.
    expect(after.step).toBe('credentials');
    expect(calls).toEqual([]);
    expect(valuesOf(after).username).toBe(o.beforeContext.username);
    return;
  }
  if (outcome.kind === 'done' && (outcome.src === 'confirmSignUp' || outcome.src === 'confirmResetPassword')) {
    expect(after.step, 'sign-in resumes by itself').toBe('signingIn');
    expect(calls.map((c) => c.src)).toEqual(['signIn']);
    if (outcome.src === 'confirmResetPassword') expect(calls[0]?.input).toMatchObject({ password: o.beforeContext.password });
    return;
  }
  if (outcome.kind === 'done' && outcome.src === 'signOut' && before.step === 'otherUserSignedIn') {
    expect(after.step, 'the other user is signed out; this user signs in again').toBe('credentials');
    expect(o.context.user).toBeNull();
    return;
  }
  if (outcome.kind === 'done' && outcome.src === 'signOut') {
    expect(after.step).toBe('signedOut');
    expect(o.context.user).toBeNull();
    return;
  }
  if (outcome.kind === 'done' && outcome.src === 'fetchUser') {
    const user = (event as unknown as { output: { username: string; email?: string } }).output;
    const named = o.beforeContext.username;
    if (
      (before.step === 'checkingSignedInUser' || before.step === 'checkingSession') &&
      named !== '' &&
      user.email !== named &&
      user.username !== named
    ) {
      expect(after.step, "another user's session is never shown as this user's").toBe('otherUserSignedIn');
      expect(after.error?.code).toBe('OTHER_USER_SIGNED_IN');
      return;
    }
    if (before.step === 'loadingUser' && o.beforeContext.rememberDevice) {
      // The user asked to remember this device with the code: that happens before they are shown signed in.
      expect(after.step).toBe('rememberingDevice');
      expect(calls.map((c) => c.src)).toEqual(['rememberDevice']);
      expect(read(after, 'user')).toEqual(user);
      return;
    }
    expect(at(after, 'signedIn').user).toEqual(user);
    return;
  }
  if (outcome.kind === 'done' && outcome.src === 'rememberDevice') {
    expect(after.step).toBe('signedIn');
    expect(after.error).toBeNull();
    expect(read(after, 'user')).toEqual(read(before, 'user'));
    return;
  }

  if (outcome.kind === 'error') {
    const { error } = event as unknown as { error: { name: string; message: string } };
    const lockout =
      error.name === 'LimitExceededException' || /attempts exceeded/.test(error.message) || error.name === 'TooManyRequestsException';
    if (outcome.src === 'fetchUser' && before.step === 'checkingSession') {
      expect(after.step).toBe('credentials');
      // No session is the usual start and says nothing; any other failure to read it is shown.
      if (error.name === 'UserUnAuthenticatedException') expect(after.error).toBeNull();
      else expect(after.error, `${error.name} is shown on the sign-in form`).not.toBeNull();
      return;
    }
    if (outcome.src === 'createQrCode') {
      expect(at(after, 'totpSetup').totpSetup.secret, 'the secret is still shown when the QR fails').toBeTruthy();
      expect(after.error).not.toBeNull();
      return;
    }
    if (lockout && outcome.src !== 'resendSignUpCode') {
      expect(after.step).toBe('locked');
      expect(LOCKOUT_CODES).toContain(after.error?.code);
      expect('restart' in after, 'Cognito gives no time to wait: the user may try again when they choose').toBe(true);
      return;
    }
    if (/session is expired/.test(error.message)) {
      expect(after.step).toBe('expired');
      return;
    }
    if (error.name === 'UserAlreadyAuthenticatedException') {
      expect(after.step, 'whose session it is gets checked first').toBe('checkingSignedInUser');
      expect(calls.map((c) => c.src)).toEqual(['fetchUser']);
      expect(o.context.password).toBe('');
      return;
    }
    if (outcome.src === 'fetchUser' && before.step === 'checkingSignedInUser') {
      expect(after.step).toBe('credentials');
      expect(after.error?.name).toBe(error.name);
      return;
    }
    if (outcome.src === 'signOut' && before.step === 'otherUserSignedIn') {
      expect(after.step).toBe('otherUserSignedIn');
      expect(after.error?.name).toBe(error.name);
      return;
    }
    if (outcome.src === 'rememberDevice') {
      // Never blocks the sign-in, never hidden.
      expect(after.step, 'signed in, but the device was not remembered: say so').toBe('signedIn');
      expect(after.error?.name).toBe(error.name);
      expect(read(after, 'user')).toEqual(read(before, 'user'));
      return;
    }
    if (outcome.src === 'fetchUser') {
      expect(after.step, 'signed in, but the profile could not be read: say so').toBe('signedIn');
      expect(after.error?.name).toBe(error.name);
      return;
    }
    if (error.name === 'CodeMismatchException' && outcome.src === 'confirmSignIn' && CODE_VIEWS.has(before.step)) {
      expect(o.context.attemptsLeft).toBe(o.beforeContext.attemptsLeft - 1);
      if (o.beforeContext.attemptsLeft === 1) {
        expect(after.step, 'the last wrong code locks the user out').toBe('locked');
        expect(after.error?.code, 'the locked view says locked, not wrong code').toBe('LOCKED_OUT');
      } else {
        expect(after.step).toBe(before.step);
        expect(after.error?.code).toBe('WRONG_CODE');
        expect(valuesOf(after).code).toBe('');
      }
      return;
    }
    // Anything else: back to the same step, with the error shown and nothing typed lost.
    expect(after.error?.name).toBe(error.name);
    if (error.name === 'NetworkError') expect(after.error?.retryable).toBe(true);
    if (outcome.src === 'signIn') {
      expect(after.step).toBe('credentials');
      expect(valuesOf(after).username).toBe(o.beforeContext.username);
      expect(o.context.password, 'a refused sign-in forgets the password').toBe('');
    } else if (outcome.src === 'signOut') {
      expect(after.step).toBe('signedIn');
    } else {
      expect(after.step).toBe(before.step);
      expect(valuesOf(after).code).toBe(valuesOf(before).code);
    }
  }
}
