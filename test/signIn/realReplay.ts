/**
 * Real level: generated sign-in paths replayed with the real aws-amplify
 * actors against the embedded local backend. A path's actor outcomes become
 * expectations: the executor arranges the backend so the outcome can happen
 * (a wrong code, an expired session) and then checks the machine went where
 * the path says. Paths with outcomes the local backend cannot produce (network
 * failures, throttling) are left out, each with its reason.
 */
import type { AnyEventObject } from 'xstate';
import { getCurrentUser, signOut, updateMFAPreference } from 'aws-amplify/auth';
import { anotherTabBefore, profileReadRefused, signInElsewhereOnPage, tabsOf } from '../support/secondFlow.js';
import type { Elsewhere } from '../support/secondFlow.js';
import type { TOTP } from 'otpauth';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { checkEmail } from '../../machines/shared/validation.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import type { SignInEventType, SignInStep, SignInStepName } from '../../machines/signIn/signIn.types.js';
import { realWalk } from '../support/realWalk.js';
import type { RealContext, RealExecutor } from '../support/realWalk.js';
import { amplifySignInActors } from '../../src/amplify/signIn.actors.js';
import { leafIds } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { ERRORS, labelOf } from '../../src/diagram/signIn.model.js';
import { checkInvariants } from './oracle.js';
import { addVerifiedPhone, authenticator, enrollTotp, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, uniqueEmail, useBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { FIRST_REQUEST, expectFaultsGiven, faultsFor, faultsGiven, queueFault as queueFaultBefore } from '../support/faultsOnDemand.js';
import type { FaultBefore } from '../support/faultsOnDemand.js';
import { signUp } from 'aws-amplify/auth';

export type Scenario =
  | 'plain'
  | 'totp'
  | 'sms'
  | 'email'
  | 'both'
  | 'required'
  | 'requiredChoice'
  | 'unconfirmed'
  | 'resetRequired'
  | 'newPassword';

interface UserModel {
  status: 'CONFIRMED' | 'UNCONFIRMED' | 'RESET_REQUIRED' | 'FORCE_CHANGE_PASSWORD';
  mfa: 'none' | 'totp' | 'sms' | 'email' | 'both';
  requiredPool: boolean;
  /** A REQUIRED pool that can set up email as well as TOTP: the user picks which. */
  setupChoice?: boolean;
}

const START: Readonly<Record<Scenario, UserModel>> = {
  plain: { status: 'CONFIRMED', mfa: 'none', requiredPool: false },
  totp: { status: 'CONFIRMED', mfa: 'totp', requiredPool: false },
  sms: { status: 'CONFIRMED', mfa: 'sms', requiredPool: false },
  email: { status: 'CONFIRMED', mfa: 'email', requiredPool: false },
  both: { status: 'CONFIRMED', mfa: 'both', requiredPool: false },
  required: { status: 'CONFIRMED', mfa: 'none', requiredPool: true },
  requiredChoice: { status: 'CONFIRMED', mfa: 'none', requiredPool: true, setupChoice: true },
  unconfirmed: { status: 'UNCONFIRMED', mfa: 'none', requiredPool: false },
  resetRequired: { status: 'RESET_REQUIRED', mfa: 'none', requiredPool: false },
  newPassword: { status: 'FORCE_CHANGE_PASSWORD', mfa: 'none', requiredPool: false },
};

/** What Cognito answers a correct password with, for this user. */
function predictSignIn(u: UserModel): SignInStepName {
  if (u.status === 'UNCONFIRMED') return 'CONFIRM_SIGN_UP';
  if (u.status === 'RESET_REQUIRED') return 'RESET_PASSWORD';
  if (u.status === 'FORCE_CHANGE_PASSWORD') return 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED';
  if (u.mfa === 'totp') return 'CONFIRM_SIGN_IN_WITH_TOTP_CODE';
  if (u.mfa === 'sms') return 'CONFIRM_SIGN_IN_WITH_SMS_CODE';
  if (u.mfa === 'email') return 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE';
  if (u.mfa === 'both') return 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION';
  if (!u.requiredPool) return 'DONE';
  return u.setupChoice ? 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION' : 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP';
}

const SCENARIO_FOR_FIRST_STEP: Partial<Record<SignInStepName, Scenario>> = {
  DONE: 'plain',
  CONFIRM_SIGN_IN_WITH_TOTP_CODE: 'totp',
  CONFIRM_SIGN_IN_WITH_SMS_CODE: 'sms',
  CONFIRM_SIGN_IN_WITH_EMAIL_CODE: 'email',
  CONTINUE_SIGN_IN_WITH_MFA_SELECTION: 'both',
  CONTINUE_SIGN_IN_WITH_TOTP_SETUP: 'required',
  CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION: 'requiredChoice',
  CONFIRM_SIGN_UP: 'unconfirmed',
  RESET_PASSWORD: 'resetRequired',
  CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: 'newPassword',
};

const outcomeOf = (e: AnyEventObject) => /^xstate\.(done|error)\.actor\.(.+)$/.exec(e.type);
const sameError = (e: AnyEventObject, key: keyof typeof ERRORS) =>
  JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(ERRORS[key].error);
const inState = (value: unknown, fragment: string) => leafIds('signIn', value).some((id) => id.includes(fragment));

export type Realizability = { ok: true; scenario: Scenario; faults: boolean } | { ok: false; reason: string };

/**
 * The Cognito API a call of the machine makes first, where the local backend can fail it on demand
 * (amplify/local/faults.ts), given the state it is made from; undefined for a call that makes no request
 * (the profile comes from the tokens, the QR code is drawn here, choosing email to set up is Amplify's own step)
 * or whose request is not the one that decides (sign-out).
 */
function faultApi(src: string, from: unknown): string | undefined {
  if (src === 'confirmSignIn') {
    if (inState(from, 'mfaSetupSelection')) return undefined;
    return inState(from, 'totpSetup') ? 'VerifySoftwareToken' : 'RespondToAuthChallenge';
  }
  return src === 'rememberDevice' ? 'UpdateDeviceStatus' : FIRST_REQUEST[src];
}

/** The fault to queue before a step, so that the call it starts fails as the path's next step says. */
const faultBefore = faultsFor(signInMachine, faultApi);

/** Queues on `t`'s backend the fault the step after `step` needs, if any (the browser suite walks these paths too). */
export const queueFault = (t: TestBackend, step: { readonly state: unknown }, next: Parameters<FaultBefore>[0]) =>
  queueFaultBefore(t, faultBefore, step, next);

/** Can the local backend produce every outcome of this path, for one user, in order? */
export function realizable(path: GeneratedPath): Realizability {
  const firstSignIn = path.steps.find((s) => s.event.type === 'xstate.done.actor.signIn');
  const firstStep = (firstSignIn?.event as { output?: SignInStep } | undefined)?.output?.signInStep;
  const scenario = firstStep ? SCENARIO_FOR_FIRST_STEP[firstStep] : 'plain';
  if (!scenario) return { ok: false, reason: `the local backend cannot answer ${firstStep}` };
  const user: UserModel = { ...START[scenario] };
  let prev: unknown = 'checkingSession';
  let chosen: string | undefined;
  let faults = false;
  // A session made elsewhere: on the page (a Hub event), or in another tab (no event), by whom.
  let elsewhere: Elsewhere = null;
  // Elsewhere, the user signs in with the password alone: a confirmed user without MFA.
  const withPasswordAlone = () => user.mfa === 'none' && user.status === 'CONFIRMED';
  for (const { event, state } of path.steps) {
    const o = outcomeOf(event);
    if (event.type === 'METHOD.SELECT') chosen = (event as { method?: string }).method;
    // A second flow on the page: a sign-in or a sign-out through Amplify, which tells the machine on the Hub. The
    // user signs in there with the password alone (so without MFA); a lost session (a refresh that fails) is walked
    // at the pure level only.
    if (event.type === 'AUTH.SESSION_LOST')
      return { ok: false, reason: `${labelOf(event)}: a token refresh that fails is walked at the pure level` };
    if (event.type === 'AUTH.SIGNED_IN') {
      if (!withPasswordAlone())
        return { ok: false, reason: `${labelOf(event)}: elsewhere on the page, the user signs in with the password alone` };
      if (inState(prev, 'signedIn')) return { ok: false, reason: `${labelOf(event)}: Amplify keeps one session, and holds this one` };
      elsewhere = 'page';
    }
    // A dropped connection, Cognito's throttling, a call that never answers: the backend gives them on demand.
    const fault = faultBefore({ event }, prev);
    if (fault) {
      faults = true;
      prev = state;
      continue;
    }
    if (event.type.startsWith('xstate.after.callTimeout'))
      return { ok: false, reason: 'a call that never answers: this one makes no request the backend could hold' };
    if (event.type === 'FLOW.CANCEL' && inState(prev, 'loadingUser'))
      return { ok: false, reason: 'the profile comes from tokens already on the device, before a cancel could arrive' };
    if (o) {
      const [, kind, src] = o;
      const output = (event as { output?: SignInStep }).output;
      const fail = (why: string): Realizability => ({ ok: false, reason: `${labelOf(event)}: ${why}` });
      if (src === 'fetchUser') {
        const own = (event as { output?: { email?: string } }).output?.email === 'pat@example.com';
        if (kind === 'error' && !inState(prev, 'checkingSession')) return fail('the profile read never fails locally');
        if (kind === 'error' && elsewhere) return fail('a session was made elsewhere');
        if (kind === 'done') {
          const why = profileReadRefused((st) => inState(prev, st), elsewhere, own, withPasswordAlone);
          if (why) return fail(why);
          elsewhere = null;
        }
      } else if (src === 'signIn') {
        if (kind === 'error' && sameError(event, 'alreadySignedIn')) elsewhere = 'tab';
        else if (kind === 'error' && !sameError(event, 'wrongCredentials')) return fail('not produced by the local backend');
        if (kind === 'done' && output?.signInStep !== predictSignIn(user)) return fail(`this user gets ${predictSignIn(user)}`);
      } else if (src === 'confirmSignIn') {
        const codeStep = ['totpCode', 'smsCode', 'emailCode', 'totpSetup'].some((f) => inState(prev, f));
        if (kind === 'error') {
          if (!codeStep || !(sameError(event, 'wrongCode') || sameError(event, 'sessionExpired')))
            return fail('not produced by the local backend');
        } else if (inState(prev, 'mfaSelection')) {
          const expected =
            chosen === 'TOTP' ? 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' : chosen === 'SMS' ? 'CONFIRM_SIGN_IN_WITH_SMS_CODE' : 'none';
          if (output?.signInStep !== expected) return fail(`choosing ${chosen} leads to ${expected}`);
        } else if (inState(prev, 'mfaSetupSelection')) {
          const expected =
            chosen === 'TOTP' ? 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' : chosen === 'EMAIL' ? 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' : 'none';
          if (output?.signInStep !== expected) return fail(`setting up ${chosen} leads to ${expected}`);
        } else if (inState(prev, 'emailSetup')) {
          if (output?.signInStep !== 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE') return fail('the address given gets a code');
        } else if (codeStep || inState(prev, 'newPassword')) {
          if (output?.signInStep !== 'DONE') return fail('a right answer here signs in');
          if (inState(prev, 'totpSetup')) user.mfa = 'totp';
          // The code sent to the address given in the set-up turns email MFA on.
          if (inState(prev, 'emailCode') && user.mfa === 'none') user.mfa = 'email';
          if (inState(prev, 'newPassword')) user.status = 'CONFIRMED';
        } else {
          return fail('not produced by the local backend');
        }
      } else if (src === 'confirmSignUp' || src === 'confirmResetPassword') {
        if (kind === 'error' && !sameError(event, 'wrongCode')) return fail('not produced by the local backend');
        if (kind === 'done') user.status = 'CONFIRMED';
      } else if (src === 'signOut' && kind === 'error') {
        return fail('a sign-out on this device never fails locally');
      } else if (kind === 'error') {
        return fail('not produced by the local backend');
      }
    }
    prev = state;
  }
  return { ok: true, scenario, faults };
}

export interface RealUser {
  email: string;
  password: string;
  totp?: TOTP;
  phone?: string;
}

let phoneCounter = 0;
const nextPhone = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++phoneCounter).padStart(4, '0')}`;

/**
 * Signs out until no session is left. No call of a previous path should still be in flight (each path waits for
 * its calls, and a hung call stays hung); if one is, the failure's auth events (test/support/authLog.ts) name it.
 */
async function ensureSignedOut(): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    await signOut();
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      await getCurrentUser();
    } catch {
      return;
    }
  }
  throw new Error('a session keeps coming back after sign-out');
}

/** Creates the user a scenario starts with, through Amplify where Amplify can, and leaves Amplify signed out. */
export async function arrange(t: TestBackend, scenario: Scenario): Promise<RealUser> {
  await ensureSignedOut();
  const fresh = { email: uniqueEmail(scenario), password: PASSWORD };
  switch (scenario) {
    case 'plain':
    case 'required':
    case 'requiredChoice':
      await t.backend.createUser(fresh);
      return fresh;
    case 'unconfirmed':
      await signUp({ username: fresh.email, password: fresh.password, options: { userAttributes: { email: fresh.email } } });
      return fresh;
    case 'resetRequired':
      await t.backend.createUser({ ...fresh, status: 'RESET_REQUIRED' });
      return fresh;
    case 'newPassword':
      await t.backend.createUser({ ...fresh, status: 'FORCE_CHANGE_PASSWORD' });
      return fresh;
    case 'totp':
    case 'sms':
    case 'both': {
      const email = await signUpConfirmed(t, scenario);
      const user: RealUser = { email, password: PASSWORD };
      if (scenario !== 'sms') user.totp = await enrollTotp(t, email);
      else await (await import('../support/amplifyUsers.js')).signInWithPassword(t, email);
      if (scenario !== 'totp') {
        user.phone = nextPhone();
        await addVerifiedPhone(t, user.phone);
      }
      if (scenario === 'totp') await updateMFAPreference({ totp: 'PREFERRED' });
      if (scenario === 'sms') await updateMFAPreference({ sms: 'PREFERRED' });
      if (scenario === 'both') await updateMFAPreference({ totp: 'ENABLED', sms: 'ENABLED' });
      await signOut();
      return user;
    }
    case 'email': {
      // Email MFA on a pool whose definition enables it (the real suites vary theirs; see emailMfaPool).
      const email = await signUpConfirmed(t, scenario);
      await (await import('../support/amplifyUsers.js')).signInWithPassword(t, email);
      await updateMFAPreference({ email: 'PREFERRED' });
      await signOut();
      return { email, password: PASSWORD };
    }
  }
}

/** The run's pool with email MFA on as well, for the suites that walk the `email` scenario. */
export const emailMfaPool = (pool: { readonly enabledMfas: readonly ('SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP')[] }) => ({
  enabledMfas: [...new Set([...pool.enabledMfas, 'EMAIL_OTP' as const])],
});

const TIMING = { challengeTimeoutMs: 180_000, resendCooldownMs: 30_000, callTimeoutMs: 30_000 };

interface Extra {
  readonly t: TestBackend;
  readonly user: RealUser;
  /** Whose sign-in in another tab each "already signed in" of the path finds, in order: this user's or another's. */
  readonly tabs: ('same' | 'other')[];
}
type ExecContext = RealContext & Extra;
type Executor = RealExecutor<Extra>;
const viewOf = (ctx: RealContext) => connectSignIn(ctx.actor.getSnapshot(), ctx.actor.send);

/** The code the user would read off their phone, mailbox or app for the current step. */
function rightCode(ctx: ExecContext): string {
  const view = viewOf(ctx);
  switch (view.step) {
    case 'totpCode':
      return ctx.user.totp!.generate();
    case 'totpSetup':
      ctx.user.totp = authenticator(view.totpSetup!.secret);
      return ctx.user.totp.generate();
    case 'smsCode':
      return ctx.t.backend.inbox.latest({ destination: ctx.user.phone!, purpose: 'Authentication' }).code;
    case 'emailCode':
      return ctx.t.backend.inbox.latest({ destination: ctx.user.email, purpose: 'Authentication' }).code;
    case 'confirmSignUp':
      return ctx.t.backend.inbox.latest({ email: ctx.user.email, purpose: 'SignUp' }).code;
    case 'resetPassword':
      return ctx.t.backend.inbox.latest({ email: ctx.user.email, purpose: 'ForgotPassword' }).code;
    default:
      throw new Error(`no code to read in ${view.step}`);
  }
}

function codeFor(ctx: ExecContext, typed: string, next: AnyEventObject | undefined): string {
  if (!/^\d{6}$/.test(typed)) return typed;
  if (next && sameError(next, 'wrongCode')) return ctx.user.totp ? wrongCode(ctx.user.totp) : '000000';
  if (next && sameError(next, 'sessionExpired')) ctx.t.clock.advance(TIMING.challengeTimeoutMs + 1000);
  return rightCode(ctx);
}

const send = (ctx: ExecContext, event: AnyEventObject) => ctx.send(event);

const notWalked = async (_ctx: ExecContext, event: AnyEventObject) => {
  throw new Error(`${event.type} is not walked against the local backend (see realizable)`);
};

/** How each user event is done for real. A new event type without an entry is a compile error. */
const EXECUTORS = {
  'CREDENTIALS.SUBMIT': async (ctx, event, next) => {
    await anotherTabBefore(next, ctx);
    const valid = (event as { username?: string }).username !== '';
    const wrong = next !== undefined && sameError(next, 'wrongCredentials');
    send(
      ctx,
      valid ? { type: 'CREDENTIALS.SUBMIT', username: ctx.user.email, password: wrong ? 'Wrong-passw0rd!' : ctx.user.password } : event,
    );
  },
  'CODE.SUBMIT': async (ctx, event, next) => {
    const typed = event as unknown as { code: string; rememberDevice?: boolean };
    send(ctx, { type: 'CODE.SUBMIT', code: codeFor(ctx, typed.code, next), ...(typed.rememberDevice ? { rememberDevice: true } : {}) });
  },
  'CODE.RESEND': async (ctx, event) => send(ctx, event),
  'METHOD.SELECT': async (ctx, event) => send(ctx, event),
  'EMAIL.SUBMIT': async (ctx, event) => {
    // An address the machine sends on (its own check) is the user's own (it becomes their email); any other is sent as typed.
    const typed = (event as unknown as { email: string }).email;
    send(ctx, checkEmail(typed).ok ? { type: 'EMAIL.SUBMIT', email: ctx.user.email } : event);
  },
  'NEW_PASSWORD.SUBMIT': async (ctx, event) => {
    const password = (event as unknown as { password: string }).password;
    if (password) ctx.user.password = 'New-passw0rd!';
    send(ctx, { type: 'NEW_PASSWORD.SUBMIT', password: password ? ctx.user.password : '' });
  },
  'RESET.SUBMIT': async (ctx, event, next) => {
    const typed = event as unknown as { code: string; password: string };
    if (!/^\d{6}$/.test(typed.code)) return send(ctx, event);
    const code = next && sameError(next, 'wrongCode') ? '000000' : rightCode(ctx);
    if (!(next && sameError(next, 'wrongCode'))) ctx.user.password = 'Reset-passw0rd!';
    send(ctx, { type: 'RESET.SUBMIT', code, password: next && sameError(next, 'wrongCode') ? 'Whatever-passw0rd1!' : ctx.user.password });
  },
  'PASSWORD.FORGOT': async (ctx, event) => send(ctx, event),
  'USERNAME.SUBMIT': async (ctx, event) => {
    const valid = (event as { username?: string }).username?.includes('@') === true;
    send(ctx, valid ? { type: 'USERNAME.SUBMIT', username: ctx.user.email } : event);
  },
  'FLOW.CANCEL': async (ctx, event) => send(ctx, event),
  'FLOW.RESTART': async (ctx, event) => {
    // Cognito's lockout (1 s, doubling) passes while the user reads the locked screen.
    if (viewOf(ctx).step === 'locked') ctx.t.clock.advance(60_000);
    send(ctx, event);
  },
  SIGN_OUT: async (ctx, event) => send(ctx, event),
  // A second flow on the page signs this user in, or signs out: Amplify tells every flow on the Hub.
  'AUTH.SIGNED_IN': async (ctx) => signInElsewhereOnPage(ctx.t, ctx.user),
  'AUTH.SIGNED_OUT': async () => signOut(),
  'AUTH.SESSION_LOST': notWalked,
} satisfies Record<SignInEventType, Executor>;

const DELAY_MS: Readonly<Record<string, number>> = {
  challengeExpiry: TIMING.challengeTimeoutMs,
  resendCooldown: TIMING.resendCooldownMs,
  callTimeout: TIMING.callTimeoutMs,
};

export async function replayReal(t: TestBackend, path: GeneratedPath, scenario: Scenario): Promise<void> {
  // A suite may run paths on more than one backend.
  useBackend(t);
  const user = await arrange(t, scenario);
  try {
    await realWalk(path, {
      machine: signInMachine.provide({ actors: amplifySignInActors }),
      input: (now) => ({ ...TIMING, authFlowType: t.connection.authFlowType, now }),
      delays: DELAY_MS,
      extra: { t, user, tabs: tabsOf(path) },
      executors: EXECUTORS,
      // The fault the path's next step needs, queued before the step that starts its call.
      beforeStep: (ctx, step, next) => queueFault(ctx.t, step, next),
      // A sign-in elsewhere on the page reaches the machine on the Hub, and its profile read may be done before the
      // sign-in's own promise is.
      passesThrough: (event) => event.type === 'AUTH.SIGNED_IN',
      // A timeout abandons a call that hangs: the clock moves only once that call has reached the backend. Moved
      // sooner (SRP works out its first message before it sends it), the path's end would clear the hang before the
      // call arrived, and the call would sign its user in during the next path.
      onDelay: (ctx, delay) => (delay === 'callTimeout' ? faultsGiven(ctx.t) : undefined),
      label: labelOf,
      check: (actor) => checkInvariants(connectSignIn(actor.getSnapshot(), actor.send), actor.getSnapshot().context),
    });
    expectFaultsGiven(t);
  } finally {
    t.backend.faults.clear();
    await signOut();
  }
}
