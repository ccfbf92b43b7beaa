/**
 * Real level for the passwordless sign-in: generated paths replayed with the
 * real aws-amplify actors (`amplifyPasswordlessSignInActors`, passkey ceremony
 * included) against the local backend provisioned from the passwordless
 * variant, a software P-256 authenticator standing in for the browser's
 * `navigator.credentials`. A path's outcomes become arrangements: the user the
 * path needs (with a phone or not, a passkey or not, TOTP or SMS MFA or not, in
 * the pool as synthesized or varied to require MFA, with recovery codes or
 * not), a wrong code, a ceremony that is cancelled, hangs, or takes longer
 * than the session lives. A path through the custom challenge starts the
 * machine with `CUSTOM_WITH_SRP`, for a user who made recovery codes: the
 * variant's custom-auth triggers ask for one after the password, and the
 * replay answers with an unused code or a wrong one as the path says (wrong
 * codes given before the path, for a lockout). Paths with outcomes the local
 * backend cannot produce are left out, each with its reason (`realizable`).
 */
import { associateWebAuthnCredential, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { confirmRecoveryCode, signInWithRecoveryCode, startRecoveryCodes } from '../../src/amplify/recovery.js';
import type { TOTP } from 'otpauth';
import type { AnyActorRef, AnyEventObject } from 'xstate';
import { afterAll, beforeAll, expect } from 'vitest';
import { passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInEventType } from '../../machines/passwordless/passwordless.types.js';
import type { FirstFactor, SignInStep, SignInStepName } from '../../machines/signIn/signIn.types.js';
import { amplifyPasswordlessSignInActors } from '../../src/amplify/passwordless.actors.js';
import { fromPromise, getInitialSnapshot, getNextSnapshot } from 'xstate';
import { generatePaths, leafIds, measureCoverage, pathId, selectCovering } from '../../src/diagram/paths.js';
import type { Coverage, GeneratedPath } from '../../src/diagram/paths.js';
import { labelOf, passwordlessSignInModel } from '../../src/diagram/passwordless.model.js';
import { ERRORS } from '../../src/diagram/signIn.model.js';
import { SoftwareAuthenticator, domException } from '../support/authenticator.js';
import { authenticator, signInWithPassword, wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import { setUpMfa, startPasswordlessBackend } from '../support/passwordless.js';
import type { UserMfa } from '../support/passwordless.js';
import type { TestBackend } from '../support/backend.js';
import { FIRST_REQUEST, expectFaultsGiven, faultsFor, faultsGiven, queueFault } from '../support/faultsOnDemand.js';
import { cataloguePaths } from '../support/catalogue.js';
import { realWalk } from '../support/realWalk.js';
import { anotherTabBefore, profileReadRefused, signInElsewhereOnPage, tabsOf } from '../support/secondFlow.js';
import type { Elsewhere } from '../support/secondFlow.js';
import type { RealContext, RealExecutor } from '../support/realWalk.js';

/** The user a path needs on the local backend. */
export interface Scenario {
  readonly status: 'CONFIRMED' | 'UNCONFIRMED' | 'RESET_REQUIRED' | 'FORCE_CHANGE_PASSWORD';
  /** A verified phone: Cognito then offers SMS_OTP (to a user without MFA), and can text SMS MFA codes. */
  readonly phone: boolean;
  /** A passkey on the software authenticator: Cognito then offers WEB_AUTHN. */
  readonly passkey: boolean;
  /**
   * The MFA the user has set up. Cognito asks for it after a password (either way in), and offers such a user the
   * password alone as a first factor (amplify/local/gaps/userAuth.ts, `availableFor`).
   */
  readonly mfa: UserMfa;
  /** The pool requires MFA (the variant varied): every user is offered the password alone; one without MFA sets TOTP up after it. */
  readonly required?: true;
  /**
   * The user has made a set of recovery codes (signed in, with the password again, as the product's settings do), and
   * the sign-in with the password starts by `CUSTOM_WITH_SRP`: the variant's custom-auth triggers then ask for one of
   * those codes (the machine's `customChallenge`).
   */
  readonly recoveryCodes?: true;
  /** Wrong recovery codes the user gave in a sign-in before this one: with the path's own, the fifth locks them out. */
  readonly wrongCodesBefore?: number;
}

/** The passwordless variant as synthesized (MFA optional), or varied to require MFA. */
export type PoolMfa = 'optional' | 'required';

/** `faults`: the path needs a failure the backend gives on demand (a dropped connection, a throttle, no answer). */
type Realizability = { ok: true; scenario: Scenario; faults: boolean } | { ok: false; reason: string };
type Status = Scenario['status'];

/** What Cognito answers a right password with, for this user (the same after USER_SRP_AUTH and a USER_AUTH password). */
const USER_FOR_STEP: Partial<Record<SignInStepName, { status: Status; mfa: UserMfa }>> = {
  DONE: { status: 'CONFIRMED', mfa: 'none' },
  CONFIRM_SIGN_IN_WITH_TOTP_CODE: { status: 'CONFIRMED', mfa: 'totp' },
  CONFIRM_SIGN_IN_WITH_SMS_CODE: { status: 'CONFIRMED', mfa: 'sms' },
  CONTINUE_SIGN_IN_WITH_MFA_SELECTION: { status: 'CONFIRMED', mfa: 'both' },
  CONFIRM_SIGN_UP: { status: 'UNCONFIRMED', mfa: 'none' },
  RESET_PASSWORD: { status: 'RESET_REQUIRED', mfa: 'none' },
  CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: { status: 'FORCE_CHANGE_PASSWORD', mfa: 'none' },
};
/** In a pool that requires MFA: a user without MFA sets TOTP up after the password (SMS cannot be set up then), and none signs in without MFA. */
const USER_FOR_STEP_REQUIRED: Partial<Record<SignInStepName, { status: Status; mfa: UserMfa }>> = {
  ...USER_FOR_STEP,
  DONE: undefined,
  CONTINUE_SIGN_IN_WITH_TOTP_SETUP: { status: 'CONFIRMED', mfa: 'none' },
};
/** Why a password is never answered with this step on the passwordless variant. */
const NEVER_AFTER_PASSWORD: Partial<Record<SignInStepName, string>> = {
  CONFIRM_SIGN_IN_WITH_EMAIL_CODE: 'the passwordless variant has no email MFA',
  CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION: 'MFA is optional on the passwordless variant: nobody sets it up at sign-in',
  CONTINUE_SIGN_IN_WITH_TOTP_SETUP: 'MFA is optional on the passwordless variant: nobody sets it up at sign-in',
  CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: 'MFA is optional on the passwordless variant: nobody sets it up at sign-in',
  CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE:
    "the variant's custom-auth triggers follow only a password sent by CUSTOM_WITH_SRP (given up front), never a USER_AUTH password",
};

/** Cognito's lockout: the fifth wrong code in a row (recovery or MFA) locks the user out (amplify/local/gaps.ts). */
const LOCKOUT_AFTER = 5;
const CUSTOM_CHALLENGE: SignInStepName = 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE';

const outcomeOf = (e: AnyEventObject) => /^xstate\.(done|error)\.actor\.(.+)$/.exec(e.type);
const errorName = (e: AnyEventObject) => (e as { error?: { name?: string } }).error?.name;
const sameError = (e: AnyEventObject | undefined, key: keyof typeof ERRORS) =>
  e !== undefined && JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(ERRORS[key].error);
const stepOf = (e: AnyEventObject | undefined) => (e as { output?: SignInStep } | undefined)?.output?.signInStep;
const inState = (value: unknown, state: string) => leafIds('passwordlessSignIn', value).some((id) => id.split('.').includes(state));

/**
 * The Cognito API a call of the machine makes first, where the local backend can fail it on demand
 * (amplify/local/faults.ts), given the state it is made from; undefined for a call that makes no request that
 * decides (the profile comes from the tokens, sign-out is local, the QR code is drawn here) or whose first request
 * depends on how the step was reached (the passkey ceremony: a USER_AUTH sign-in, or the selection answered).
 */
function faultApi(src: string, from: unknown): string | undefined {
  if (src === 'confirmSignIn') return inState(from, 'totpSetup') ? 'VerifySoftwareToken' : 'RespondToAuthChallenge';
  return src === 'rememberDevice' ? 'UpdateDeviceStatus' : FIRST_REQUEST[src];
}

/** The fault to queue before a step (Cognito's attempt limit after a recovery code is the triggers' own lockout, arranged for real: `wrongCodesBefore`). */
const faultBefore = faultsFor(
  passwordlessSignInMachine,
  faultApi,
  (next, from) => inState(from, 'customChallenge') && sameError(next, 'limitExceeded'),
);

/** Can the local backend produce every outcome of this path, for one user, in order? */
function realizable(path: GeneratedPath, pool: PoolMfa): Realizability {
  const required = pool === 'required';
  let status: Status | undefined;
  // The status the user starts with (a confirmation or a new password changes it on the way).
  let startStatus: Status | undefined;
  let mfa: UserMfa | undefined;
  // The user set an authenticator app up during this path (a pool that requires MFA): later passwords ask for its code.
  let enrolled = false;
  let phone: boolean | undefined;
  let passkey = false;
  // What started the sign-in in flight: the password, the identifier alone, a new sign-in for another method, a resend.
  let started: 'password' | 'identifier' | 'change' | 'resend' | null = null;
  // The code step on screen came after a password (an MFA code): a new code is a new sign-in with the password.
  let mfaCode = false;
  // The identifier was sent with a first factor the model does not hold (it answers with the code straight away).
  let preferred = false;
  let chosen: string | undefined;
  let method: string | undefined;
  let prev: unknown = 'checkingSession';
  // The password up front starts by CUSTOM_WITH_SRP (the user has recovery codes), or not: one input for the whole path.
  let custom: boolean | undefined;
  // Wrong recovery codes in a row in this path, and those the user must have given before it (for a lockout).
  let wrongCodes = 0;
  let wrongCodesBefore: number | undefined;
  // Something in this path counts toward Cognito's lockout besides the recovery codes (a wrong password or MFA code).
  let otherFailures = false;
  let locked = false;
  let faults = false;
  // The user's last event (the one that started the call an outcome answers).
  let lastUserEvent = '';
  // A session made elsewhere: on the page (a Hub event), or in another tab (no event).
  let elsewhere: Elsewhere = null;
  // The device was remembered in this path.
  let remembered = false;
  const need = (what: 'phone' | 'noPhone'): boolean => {
    const want = what === 'phone';
    if (phone !== undefined && phone !== want) return false;
    phone = want;
    return true;
  };
  // A first factor other than the password: only a confirmed user without MFA is offered one.
  const passwordless = (): boolean => {
    if (required || (mfa ?? 'none') !== 'none' || (status ?? 'CONFIRMED') !== 'CONFIRMED') return false;
    mfa = 'none';
    status = 'CONFIRMED';
    startStatus ??= 'CONFIRMED';
    return true;
  };
  // A right password's answer says who the user is; it must be the same user as every answer before.
  const answeredPassword = (step: SignInStepName | undefined): string | null => {
    const never = step && !(required && step === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') ? NEVER_AFTER_PASSWORD[step] : undefined;
    if (never) return never;
    const user = step ? (required ? USER_FOR_STEP_REQUIRED : USER_FOR_STEP)[step] : undefined;
    if (!user) return `a password is not answered with ${step}`;
    if (status !== undefined && status !== user.status) return `this user is ${status}`;
    if (enrolled) return user.mfa === 'totp' ? null : 'this user has set an authenticator app up';
    if (required && user.mfa !== 'none')
      return 'in a pool that requires MFA, the users here set it up on the way (MFA after a password is walked where it is optional)';
    if (mfa !== undefined && mfa !== user.mfa) return `this user has ${mfa} MFA`;
    if ((user.mfa === 'sms' || user.mfa === 'both') && !need('phone')) return 'this user has no phone for SMS codes';
    status = user.status;
    mfa = user.mfa;
    startStatus ??= user.status;
    mfaCode = true;
    return null;
  };
  for (const { event, state } of path.steps) {
    const fail = (why: string): Realizability => ({ ok: false, reason: `${labelOf(event)}: ${why}` });
    // A second flow on the page (test/support/secondFlow.ts): a sign-in or a sign-out through Amplify beside the
    // machine. The user signs in there with the password alone (so without MFA); a lost session (a refresh that
    // fails) is walked at the pure level only.
    if (event.type === 'AUTH.SESSION_LOST') return fail('a token refresh that fails is walked at the pure level');
    if (event.type === 'AUTH.SIGNED_IN') {
      if (inState(prev, 'signedIn')) return fail('Amplify keeps one session, and holds this one');
      // Elsewhere, the user signs in with the password alone: a confirmed user without MFA, as for a first factor.
      if (!passwordless()) return fail('elsewhere on the page, the user signs in with the password alone');
      elsewhere = 'page';
    }
    // A dropped connection, Cognito's throttling, a call that never answers: the backend gives them on demand, before
    // the call reaches Cognito's part, so the user and the sign-in are as they were.
    if (faultBefore({ event }, prev)) {
      faults = true;
      prev = state;
      continue;
    }
    if (event.type.startsWith('xstate.after.callTimeout'))
      return fail('a call that never answers: the passkey ceremony, the profile and sign-out make no request the backend could hold');
    if (event.type === 'FLOW.CANCEL' && inState(prev, 'loadingUser'))
      return fail('the profile comes from tokens already on the device, before a cancel could arrive');
    if (!outcomeOf(event) && !event.type.startsWith('xstate.')) lastUserEvent = event.type;
    if (event.type === 'CREDENTIALS.SUBMIT') started = 'password';
    // The pool remembers a device after an MFA code (the device then signs in without one); a sign-in again on a
    // remembered device is walked in the sign-in's real suites (rememberDevice.real.test.ts).
    if (event.type === 'CODE.SUBMIT' && (event as { rememberDevice?: boolean }).rememberDevice && !mfaCode)
      return fail('a device is remembered after an MFA code here');
    if (remembered && ['CREDENTIALS.SUBMIT', 'IDENTIFIER.SUBMIT', 'PASSWORD.SUBMIT'].includes(event.type))
      return fail('a sign-in again on a remembered device is walked in the sign-in real suites');
    if (event.type === 'IDENTIFIER.SUBMIT') {
      started = 'identifier';
      preferred = false;
      if ((event as { preferredChallenge?: string }).preferredChallenge === 'WEB_AUTHN') passkey = true;
    }
    if (event.type === 'FACTOR.CHANGE') {
      started = 'change';
      preferred = false;
    }
    if (event.type === 'CODE.RESEND') {
      if (preferred)
        return fail(
          'the model keeps no first factor at its vertices, so a resend of a code asked for up front is walked at the pure level',
        );
      started = mfaCode ? 'password' : 'resend';
    }
    if (event.type === 'METHOD.SELECT') method = (event as { method?: string }).method;
    if (event.type === 'PASSKEY.RETRY') passkey = true;
    if (event.type.startsWith('xstate.after.passkeyTimeout')) passkey = true;
    if (event.type === 'FACTOR.SELECT') {
      chosen = (event as { factor?: FirstFactor }).factor;
      // The model's selection offers an emailed code, the password and a passkey; SMS is "not offered" there,
      // as to a user without a phone, or with MFA.
      if (chosen === 'SMS_OTP' && !required && (mfa ?? 'none') === 'none' && !need('noPhone'))
        return fail('this user has a phone, so SMS is offered');
      if (chosen === 'WEB_AUTHN') passkey = true;
    }
    const o = outcomeOf(event);
    if (o && locked && ['signIn', 'confirmSignIn', 'passkeySignIn'].includes(o[2] ?? ''))
      return fail('the user is locked out (a second, doubling with each failure), which this replay does not wait out');
    if (o) {
      const [, kind, src] = o;
      if (src === 'fetchUser') {
        const own = (event as { output?: { email?: string } }).output?.email === 'pat@example.com';
        if (kind === 'error' && !inState(prev, 'checkingSession')) return fail('the profile read never fails locally');
        if (kind === 'error' && elsewhere) return fail('a session was made elsewhere');
        if (kind === 'done') {
          const why = profileReadRefused((st) => inState(prev, st), elsewhere, own, passwordless);
          if (why) return fail(why);
          elsewhere = null;
        }
      } else if (src === 'signIn' && kind === 'error' && sameError(event, 'alreadySignedIn')) {
        // Another tab signed in before this sign-in: Amplify refuses it before any request. The replay signs the
        // other tab in as the user submits; a sign-in the flow starts by itself (a resend) is left to the pure level.
        if (!['CREDENTIALS.SUBMIT', 'IDENTIFIER.SUBMIT', 'CODE.RESEND'].includes(lastUserEvent))
          return fail('another tab signs in as the user submits, or asks for a new code');
        elsewhere = 'tab';
      } else if (src === 'signIn') {
        const step = stepOf(event);
        mfaCode = false;
        if (started === 'password') {
          if (kind === 'error') {
            if (!sameError(event, 'wrongCredentials')) return fail('not produced by the local backend');
            otherFailures = true;
          } else if (step === CUSTOM_CHALLENGE || custom) {
            // CUSTOM_WITH_SRP: after SRP proves the password, the recovery-code triggers ask for a code, whoever the user is.
            if (required) return fail('the custom challenge is walked on the variant as synthesized (passwordless.real.test.ts)');
            if (step !== CUSTOM_CHALLENGE)
              return fail('a sign-in by CUSTOM_WITH_SRP: the triggers answer every right password with a recovery code');
            if (custom === false) return fail('a password in this path was answered as USER_SRP_AUTH is: one sign-in input per path');
            if (status !== undefined && status !== 'CONFIRMED')
              return fail(`this user is ${status}; the triggers follow a confirmed user's password`);
            if (startStatus !== undefined && startStatus !== 'CONFIRMED')
              return fail('a user with recovery codes made them signed in: confirmed, with their own password, before this path');
            custom = true;
            status = 'CONFIRMED';
            startStatus ??= 'CONFIRMED';
          } else {
            const why = answeredPassword(step);
            if (why) return fail(why);
            custom = false;
          }
        } else if (started === 'identifier') {
          if (kind === 'error') {
            if (!sameError(event, 'wrongCredentials')) return fail('USER_AUTH without a preferred challenge gets the selection locally');
          } else if (step === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE') preferred = true;
          else if (step === 'CONFIRM_SIGN_IN_WITH_SMS_CODE') {
            if (!need('phone')) return fail('this user has no phone');
            preferred = true;
          } else if (step !== 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION')
            return fail(`USER_AUTH from the identifier does not give ${step}`);
          if (kind === 'done' && !['CONFIRMED', 'FORCE_CHANGE_PASSWORD', undefined].includes(status))
            return fail('Cognito refuses USER_AUTH to a user who is not confirmed or must reset the password');
          if (preferred && !passwordless()) return fail('a code is not sent to a user with MFA: the selection offers the password alone');
        } else if (started === 'change') {
          if (kind === 'error' || step !== 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION')
            return fail('another method is a new USER_AUTH from the identifier: the local backend offers the selection');
        } else {
          return fail(
            'a new first-factor code is a new USER_AUTH with that factor, which the model does not hold at its vertices (serializeSignIn); the pure level walks it',
          );
        }
      } else if (src === 'confirmSignIn') {
        const step = stepOf(event);
        const wasMfaCode: boolean = mfaCode;
        mfaCode = false;
        if (inState(prev, 'factorSelection')) {
          if (kind === 'error') {
            if (!sameError(event, 'sessionExpired')) return fail('not produced by the local backend');
          } else if (chosen === 'EMAIL_OTP' && step !== 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE') return fail('an emailed code is what follows');
          else if ((chosen === 'PASSWORD_SRP' || chosen === 'PASSWORD') && step !== 'CONFIRM_SIGN_IN_WITH_PASSWORD')
            return fail('the password step is what follows');
          else if (chosen !== 'EMAIL_OTP' && chosen !== 'PASSWORD_SRP' && chosen !== 'PASSWORD') return fail(`choosing ${chosen} here`);
          if (kind === 'done' && chosen === 'EMAIL_OTP' && !passwordless()) return fail('a user with MFA is offered the password alone');
        } else if (inState(prev, 'password')) {
          if (kind === 'error' && !sameError(event, 'wrongCredentials') && !sameError(event, 'sessionExpired'))
            return fail('not produced by the local backend');
          if (kind === 'done') {
            const why = answeredPassword(step);
            if (why) return fail(why);
          }
        } else if (inState(prev, 'emailCode') || inState(prev, 'smsCode') || inState(prev, 'totpCode')) {
          if (kind === 'error' && !sameError(event, 'wrongCode') && !sameError(event, 'sessionExpired'))
            return fail('not produced by the local backend');
          if (kind === 'done' && step !== 'DONE') return fail('a right code signs in');
          if (kind === 'error') mfaCode = wasMfaCode;
          if (sameError(event, 'wrongCode')) otherFailures = true;
        } else if (inState(prev, 'mfaSelection')) {
          if (kind === 'error') return fail('not produced by the local backend');
          const expected =
            method === 'TOTP' ? 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' : method === 'SMS' ? 'CONFIRM_SIGN_IN_WITH_SMS_CODE' : 'none';
          if (step !== expected) return fail(`choosing ${method} leads to ${expected}`);
          mfaCode = true;
        } else if (required && inState(prev, 'totpSetup')) {
          if (kind === 'error' && !sameError(event, 'wrongCode') && !sameError(event, 'sessionExpired'))
            return fail('not produced by the local backend');
          if (kind === 'done' && step !== 'DONE') return fail('a verified authenticator app signs in');
          if (kind === 'done') enrolled = true;
        } else if (inState(prev, 'newPassword')) {
          if (kind === 'error') return fail('not produced by the local backend');
          if (step !== (required ? 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' : 'DONE'))
            return fail(required ? 'a user without MFA sets it up next' : 'a new password signs a user without MFA in');
          status = 'CONFIRMED';
        } else if (inState(prev, 'customChallenge')) {
          // The recovery-code triggers: a right code signs in; a wrong one is no error, they ask again (until the lockout).
          if (kind === 'done') {
            if (step === 'DONE') wrongCodes = 0;
            else if (step === CUSTOM_CHALLENGE) {
              wrongCodes += 1;
              if (wrongCodes >= LOCKOUT_AFTER) return fail('the fifth wrong recovery code locks the user out');
            } else return fail(`the recovery-code triggers answer a code with the tokens or the same challenge, never ${step}`);
          } else if (sameError(event, 'limitExceeded')) {
            // Locked out by this wrong code: the user gave the ones before it in an earlier sign-in.
            if (otherFailures)
              return fail('a lockout is arranged with wrong recovery codes only, and this path has other failures before it');
            wrongCodesBefore = LOCKOUT_AFTER - 1 - wrongCodes;
            locked = true;
          } else if (sameError(event, 'wrongCredentials')) {
            return fail(
              'the recovery-code triggers never refuse an answer with "Incorrect username or password": a wrong code is asked again, and the fifth locks the user out ("Password attempts exceeded")',
            );
          } else if (sameError(event, 'wrongCode')) {
            return fail('a wrong recovery code is no error to Cognito: the triggers ask again (a new challenge, "previous: WRONG_CODE")');
          } else if (!sameError(event, 'sessionExpired')) return fail('not produced by the local backend');
        } else {
          return fail('MFA is optional on the passwordless variant: nobody sets it up at sign-in');
        }
      } else if (src === 'passkeySignIn') {
        passkey = true;
        const name = errorName(event);
        if (
          kind === 'error' &&
          !['PasskeyAuthenticationCanceled', 'PasskeyNotSupported'].includes(name ?? '') &&
          !sameError(event, 'sessionExpired')
        )
          return fail('not produced by the local backend');
      } else if (src === 'signOut') {
        if (kind === 'error') return fail('a local sign-out never fails');
      } else if (src === 'confirmSignUp' || src === 'confirmResetPassword') {
        if (kind === 'error' && !sameError(event, 'wrongCode')) return fail('not produced by the local backend');
        if (kind === 'done') status = 'CONFIRMED';
      } else if (src === 'resetPassword' || src === 'resendSignUpCode') {
        if (kind === 'error') return fail('not produced by the local backend');
      } else if (src === 'createQrCode') {
        if (kind === 'error') return fail('the QR code is always drawn');
      } else if (src === 'rememberDevice') {
        // A fault on demand is handled above; the backend remembers every device it tracks.
        if (kind === 'error') return fail('not produced by the local backend');
        remembered = true;
      } else {
        return fail('not on the passwordless variant');
      }
    }
    prev = state;
  }
  // A passkey is offered only to a user without MFA.
  if (passkey && !passwordless()) return { ok: false, reason: 'a user with MFA is offered the password alone, so no passkey' };
  return {
    ok: true,
    scenario: {
      status: startStatus ?? 'CONFIRMED',
      phone: phone ?? true,
      passkey,
      mfa: mfa ?? 'none',
      ...(required ? { required: true } : {}),
      ...(custom ? { recoveryCodes: true } : {}),
      ...(wrongCodesBefore ? { wrongCodesBefore } : {}),
    },
    faults,
  };
}

const CODE = 'enter the 6-digit code 123456 and submit';
const START = ['there is no session from before', 'enter pat@example.com and continue without a password'];
const OFFERS = 'Cognito offers an emailed code, the password or a passkey';
const EMAILED = 'Cognito emails a code to p***@e***';
const TEXTED = 'Cognito texts a code to +*******0101';
const SIGNED_IN = ['Cognito signs the user in', "the session is pat@example.com's"];
const PASSKEY = ['there is no session from before', 'enter pat@example.com and choose "Sign in with a passkey"'];
const ANOTHER_WAY = 'choose another way to sign in';
const OTP_CODE = 'enter the 8-digit code 12345678 and submit';
const PASSWORD_UP_FRONT = 'enter pat@example.com and the password, and submit';
const CUSTOM_ASKS = 'Cognito asks a custom challenge ("What is 2 + 2?")';
const ANSWER = 'answer "4" and submit';
const CUSTOM = ['there is no session from before', PASSWORD_UP_FRONT, CUSTOM_ASKS];
const ASK_PASSWORD = [...START, OFFERS, 'choose the password', 'Cognito asks for the password', 'enter the password and submit'];

/**
 * Issue 11's scenarios that no shortest path walks whole, each written as the
 * model's own words (so each step is the model's event, and the path's id is
 * made as every level makes it).
 */
const SCENARIOS: readonly (readonly string[])[] = [
  // Emailed and texted first-factor codes, wrong then right; two wrong ones use up the attempts.
  [...START, EMAILED, CODE, 'Cognito says the code is wrong', CODE, ...SIGNED_IN],
  [...START, TEXTED, CODE, 'Cognito says the code is wrong', CODE, ...SIGNED_IN],
  [...START, EMAILED, CODE, 'Cognito says the code is wrong', CODE, 'Cognito says the code is wrong'],
  // The selection, then the password as a step of its own, wrong then right.
  [...START, OFFERS, 'choose the password', 'Cognito asks for the password', 'enter the password and submit', ...SIGNED_IN],
  // A wrong password after choosing PASSWORD_SRP spends the session (aws-amplify's SRP exchange answers the selection
  // and the password verifier in one go): the refusal is shown back at the start, with the identifier kept, and a new
  // sign-in with the right password goes through.
  [
    ...START,
    OFFERS,
    'choose the password',
    'Cognito asks for the password',
    'enter the password and submit',
    'Cognito refuses the email or password',
    'enter pat@example.com and continue without a password',
    OFFERS,
    'choose the password',
    'Cognito asks for the password',
    'enter the password and submit',
    ...SIGNED_IN,
  ],
  // After the selection the factor held is EMAIL_OTP: a 6-digit code is refused before any call, the 8-digit one signs in.
  [...START, OFFERS, 'choose a code by email', EMAILED, 'enter a 5-digit code (12345) and submit'],
  [...START, OFFERS, 'choose a code by email', EMAILED, CODE, OTP_CODE, ...SIGNED_IN],
  // MFA after a USER_AUTH password (a user with MFA is offered the password alone): TOTP and SMS codes wrong then
  // right, the choice between two methods, and a temporary password replaced.
  [...ASK_PASSWORD, 'Cognito asks for the authenticator (TOTP) code', CODE, 'Cognito says the code is wrong', CODE, ...SIGNED_IN],
  [...ASK_PASSWORD, TEXTED, CODE, 'Cognito says the code is wrong', CODE, ...SIGNED_IN],
  [...ASK_PASSWORD, TEXTED, 'wait until a new code may be sent (30 s)', 'ask for a new code', TEXTED, CODE, ...SIGNED_IN],
  [
    ...ASK_PASSWORD,
    'Cognito asks which method to use (SMS or TOTP)',
    'choose the authenticator app (TOTP)',
    'Cognito asks for the authenticator (TOTP) code',
    CODE,
    ...SIGNED_IN,
  ],
  [...ASK_PASSWORD, 'Cognito asks which method to use (SMS or TOTP)', 'choose SMS', TEXTED, CODE, ...SIGNED_IN],
  [...ASK_PASSWORD, 'Cognito requires a new password', 'enter a new password and submit', ...SIGNED_IN],
  // A passkey from the selection and asked for up front; closed, then tried again; closed, then another way.
  [...START, OFFERS, 'choose a passkey', 'the passkey signs the user in', "the session is pat@example.com's"],
  [...PASSKEY, 'the passkey signs the user in', "the session is pat@example.com's"],
  [
    ...PASSKEY,
    'the user closes the passkey dialog',
    'try the passkey again',
    'the passkey signs the user in',
    "the session is pat@example.com's",
  ],
  [...PASSKEY, 'the user closes the passkey dialog', ANOTHER_WAY, OFFERS, 'choose a code by email', EMAILED],
  [...PASSKEY, 'the browser cannot use passkeys', ANOTHER_WAY, OFFERS, 'choose the password', 'Cognito asks for the password'],
  [...START, OFFERS, 'choose a passkey', 'Cognito says the session has expired'],
  // Another method from every step, and cancel.
  [...START, OFFERS, ANOTHER_WAY, OFFERS],
  [...START, OFFERS, 'choose the password', 'Cognito asks for the password', ANOTHER_WAY, OFFERS, 'choose a code by email', EMAILED],
  [
    ...START,
    EMAILED,
    ANOTHER_WAY,
    OFFERS,
    'choose the password',
    'Cognito asks for the password',
    'enter the password and submit',
    ...SIGNED_IN,
  ],
  [...START, TEXTED, ANOTHER_WAY, OFFERS],
  [...PASSKEY, ANOTHER_WAY, OFFERS],
  [...START, OFFERS, 'cancel'],
  [...START, OFFERS, 'choose the password', 'Cognito asks for the password', 'cancel'],
  [...PASSKEY, 'the user closes the passkey dialog', 'cancel'],
  [...START, TEXTED, 'cancel'],
  // The custom challenge (CUSTOM_WITH_SRP, a recovery code): a wrong code is asked again, then a right one signs in; a
  // cancel, then a new sign-in answered; wrong codes up to the lockout.
  [...CUSTOM, ANSWER, CUSTOM_ASKS, ANSWER, ...SIGNED_IN],
  [...CUSTOM, 'cancel', PASSWORD_UP_FRONT, CUSTOM_ASKS, ANSWER, ...SIGNED_IN],
  [...CUSTOM, ANSWER, CUSTOM_ASKS, ANSWER, 'Cognito says the attempt limit is reached'],
];

const TOTP_SETUP = ['Cognito asks to set up an authenticator app', 'the QR code is drawn'];

/**
 * The same variant with MFA required: a user without MFA sets an authenticator app up right after the password,
 * given up front (USER_SRP_AUTH) or chosen at the selection (USER_AUTH), a wrong code refused first; the next
 * sign-in asks for its code.
 */
const REQUIRED_SCENARIOS: readonly (readonly string[])[] = [
  [...ASK_PASSWORD, ...TOTP_SETUP, CODE, 'Cognito says the code is wrong', CODE, ...SIGNED_IN],
  [
    ...ASK_PASSWORD,
    ...TOTP_SETUP,
    CODE,
    ...SIGNED_IN,
    'sign out of this device',
    'Amplify signs out',
    'choose to sign in again',
    'enter pat@example.com and the password, and submit',
    'Cognito asks for the authenticator (TOTP) code',
    CODE,
    ...SIGNED_IN,
  ],
  [...ASK_PASSWORD, 'Cognito requires a new password', 'enter a new password and submit', ...TOTP_SETUP, CODE, ...SIGNED_IN],
];
const REQUIRED_MUST_WALK: readonly string[] = [
  `enter pat@example.com and the password, and submit → Cognito asks to set up an authenticator app → the QR code is drawn → ${CODE} → Cognito says the code is wrong`,
  `enter the password and submit → Cognito asks to set up an authenticator app → the QR code is drawn → ${CODE} → Cognito says the code is wrong → ${CODE} → Cognito signs the user in`,
  'Cognito requires a new password → enter a new password and submit → Cognito asks to set up an authenticator app',
];

/** A path of the model made of these steps, in the model's words; null when one of them is not a step the model takes there. */
function scenarioPath(labels: readonly string[]): GeneratedPath {
  const model = passwordlessSignInModel;
  let snapshot = getInitialSnapshot(model.machine, model.input);
  const from = snapshot.value;
  const steps: { event: AnyEventObject; state: unknown }[] = [];
  for (const label of labels) {
    const event = model.events(snapshot).find((e) => labelOf(e) === label && snapshot.can(e));
    if (!event) throw new Error(`"${label}" is not a step the model takes in ${JSON.stringify(snapshot.value)}`);
    snapshot = getNextSnapshot(model.machine, snapshot, event);
    steps.push({ event, state: snapshot.value });
  }
  const where = (value: unknown) =>
    leafIds('passwordlessSignIn', value)
      .map((id) => id.slice('passwordlessSignIn.'.length))
      .join(' + ');
  const last = steps.at(-1)!;
  const before = steps.length > 1 ? steps.at(-2)!.state : from;
  return {
    id: pathId(
      model,
      steps.map((st) => st.event),
    ),
    title: `${where(before)}: ${labels.at(-1)} → ${where(last.state)}`,
    steps,
  };
}

/** Named scenarios of issue 11, as label sequences some walked path must contain. */
const MUST_WALK: readonly string[] = [
  // The selection, then the password as a step of its own.
  'Cognito offers an emailed code, the password or a passkey → choose the password → Cognito asks for the password → enter the password and submit',
  // An emailed and a texted first-factor code, wrong then right (the code is the 8-digit one from the inbox).
  `Cognito emails a code to p***@e*** → ${CODE} → Cognito says the code is wrong → ${CODE} → Cognito signs the user in`,
  `Cognito texts a code to +*******0101 → ${CODE} → Cognito says the code is wrong → ${CODE} → Cognito signs the user in`,
  // The code's session expires at Cognito.
  `Cognito emails a code to p***@e*** → ${CODE} → Cognito says the session has expired`,
  // A passkey signs in, from the selection and asked for up front.
  'choose a passkey → the passkey signs the user in',
  'enter pat@example.com and choose "Sign in with a passkey" → the passkey signs the user in',
  'the user closes the passkey dialog → try the passkey again → the passkey signs the user in',
  'the user closes the passkey dialog → choose another way to sign in → Cognito offers an emailed code, the password or a passkey',
  // A code chosen at the selection: six digits are refused before any call, the eight sent sign in.
  `choose a code by email → Cognito emails a code to p***@e*** → ${CODE} → ${OTP_CODE} → Cognito signs the user in`,
  // MFA after the password, up front (USER_SRP_AUTH) and chosen at the selection (USER_AUTH).
  `enter pat@example.com and the password, and submit → Cognito asks for the authenticator (TOTP) code → ${CODE} → Cognito says the code is wrong`,
  `enter pat@example.com and the password, and submit → Cognito texts a code to +*******0101 → ${CODE} → Cognito says the code is wrong`,
  `enter the password and submit → Cognito asks for the authenticator (TOTP) code → ${CODE} → Cognito says the code is wrong → ${CODE} → Cognito signs the user in`,
  `enter the password and submit → Cognito texts a code to +*******0101 → ${CODE} → Cognito says the code is wrong → ${CODE} → Cognito signs the user in`,
  'enter the password and submit → Cognito asks which method to use (SMS or TOTP) → choose the authenticator app (TOTP)',
  'enter the password and submit → Cognito requires a new password → enter a new password and submit → Cognito signs the user in',
  // Another method from the password step and from a code.
  'Cognito asks for the password → choose another way to sign in → Cognito offers an emailed code, the password or a passkey',
  `Cognito emails a code to p***@e*** → choose another way to sign in → Cognito offers an emailed code, the password or a passkey`,
];

const USER_AUTH_ANSWERS: readonly (SignInStepName | undefined)[] = [
  'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
  'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
  'CONFIRM_SIGN_IN_WITH_SMS_CODE',
];
const PASSWORD_ANSWERS: readonly (SignInStepName | undefined)[] = Object.keys(USER_FOR_STEP) as SignInStepName[];
const CONFIRM_ANSWERS: readonly (SignInStepName | undefined)[] = [
  ...PASSWORD_ANSWERS,
  'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
  'CONFIRM_SIGN_IN_WITH_PASSWORD',
];
const ERRORS_MADE = ['wrongCredentials', 'wrongCode', 'sessionExpired', 'noSession'] as const;

/**
 * The traversal model with only the moves the local backend can make: the
 * same machine, events, labels and slugs (so the same path has the same id as
 * in the catalogue), without the outcomes it never produces. Shortest paths in
 * what is left reach the passwordless steps the way a user of this backend
 * does (from the identifier), where the full model's go through MFA after a
 * password. `realizable` still checks every path it makes.
 */
const realModel = (pool: PoolMfa) => ({
  ...passwordlessSignInModel,
  // Which way the sign-in started decides what Cognito can answer, so it is part of the vertex here.
  serialize: (snapshot: Parameters<typeof passwordlessSignInModel.events>[0]) =>
    `${(passwordlessSignInModel.serialize ?? ((x) => JSON.stringify(x.value)))(snapshot)}|${(snapshot.context as { userAuth?: boolean }).userAuth === true}`,
  events: (snapshot: Parameters<typeof passwordlessSignInModel.events>[0]) => {
    const userAuth = (snapshot.context as { userAuth?: boolean }).userAuth === true;
    const afterPassword = pool === 'required' ? [...PASSWORD_ANSWERS, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'] : PASSWORD_ANSWERS;
    // The recovery-code triggers' answers to a code: the tokens, the challenge again, the lockout, an expired session.
    const answering = inState(snapshot.value, 'customChallenge');
    return passwordlessSignInModel.events(snapshot).filter((e) => {
      if (e.type === 'AUTH.SESSION_LOST') return false;
      // A call that never answers, where the backend can hold the request (a fault on demand).
      if (e.type.startsWith('xstate.after.callTimeout.')) return faultBefore({ event: e }, snapshot.value) !== undefined;
      const o = outcomeOf(e);
      if (!o) return true;
      const [, kind, src] = o;
      if (answering && src === 'confirmSignIn') {
        if (kind === 'error')
          return (
            sameError(e, 'sessionExpired') ||
            (pool === 'optional' && sameError(e, 'limitExceeded')) ||
            faultBefore({ event: e }, snapshot.value) !== undefined
          );
        return ['DONE', CUSTOM_CHALLENGE].includes(stepOf(e) ?? '');
      }
      if (pool === 'optional' && src === 'signIn' && !userAuth && stepOf(e) === CUSTOM_CHALLENGE) return true;
      if (kind === 'error') {
        if (faultBefore({ event: e }, snapshot.value)) return true;
        const name = errorName(e);
        if (src === 'passkeySignIn' && (name === 'PasskeyAuthenticationCanceled' || name === 'PasskeyNotSupported')) return true;
        if (src === 'signIn' && sameError(e, 'alreadySignedIn')) return true;
        return ERRORS_MADE.some((k) => sameError(e, k));
      }
      const step = stepOf(e);
      if (src === 'signIn') return (userAuth ? USER_AUTH_ANSWERS : afterPassword).includes(step);
      if (src === 'confirmSignIn') return [...CONFIRM_ANSWERS, ...afterPassword].includes(step);
      if (src === 'createQrCode') return pool === 'required';
      return true;
    });
  },
});

export interface RealPlan {
  readonly catalogue: number;
  /** Catalogue paths the local backend can play, by id. */
  readonly fromCatalogue: readonly string[];
  /** `faults`: the path needs a failure the backend gives on demand (a dropped connection, a throttle, no answer). */
  readonly paths: readonly (GeneratedPath & { scenario: Scenario; faults: boolean })[];
  readonly coverage: Coverage;
  /** Why each catalogue path left out cannot be walked for real, by reason. */
  readonly catalogueLeftOut: ReadonlyMap<string, string[]>;
  /** Named scenarios no realizable path walks (none, or the plan is wrong). */
  readonly missing: readonly string[];
}

/**
 * The catalogue's paths the local backend can play (the same ids as the pure
 * level), the named scenarios by the shortest generated path that
 * walks each, and generated paths for what those leave out.
 */
export function realPlan(pool: PoolMfa = 'optional'): RealPlan {
  if (!planned.has(pool)) planned.set(pool, plan(pool));
  return planned.get(pool)!;
}
// Made once per Vitest worker and pool: a worker keeps its modules from file to file.
const planned = new Map<PoolMfa, RealPlan>();

function plan(pool: PoolMfa): RealPlan {
  const scenarios = pool === 'required' ? REQUIRED_SCENARIOS : SCENARIOS;
  const catalogue = cataloguePaths('passwordlessSignIn');
  const leftOut = new Map<string, string[]>();
  const ok: (GeneratedPath & { scenario: Scenario; faults: boolean })[] = [];
  for (const p of catalogue) {
    const r = realizable(p, pool);
    if (r.ok) ok.push({ ...p, scenario: r.scenario, faults: r.faults });
    else leftOut.set(r.reason, [...(leftOut.get(r.reason) ?? []), p.id]);
  }
  const realizableInCatalogue = ok.map((p) => p.id);
  for (const p of generatePaths(realModel(pool))) {
    const r = realizable(p, pool);
    if (r.ok && !ok.some((q) => q.id === p.id)) ok.push({ ...p, scenario: r.scenario, faults: r.faults });
  }
  for (const labels of scenarios) {
    const p = scenarioPath(labels);
    const r = realizable(p, pool);
    if (!r.ok) throw new Error(`scenario ${p.id} cannot be walked for real: ${r.reason}`);
    if (!ok.some((q) => q.id === p.id)) ok.push({ ...p, scenario: r.scenario, faults: r.faults });
  }
  const scenarioIds = scenarios.map((labels) => scenarioPath(labels).id);
  // The paths the backend plays as it is first, then those with a fault on demand for what they leave out, so that
  // adding faults never takes a plain path out of the plan.
  // The pool that requires MFA walks what the variant as synthesized leaves out: a path that one walks already, by
  // id, is not walked again, and what its paths cover is covered.
  const base = pool === 'required' ? realPlan('optional').paths : [];
  const baseIds = base.map((p) => p.id);
  const fresh = ok.filter((p) => !baseIds.includes(p.id));
  const pick = (candidates: readonly (typeof ok)[number][], keep: readonly string[]) =>
    selectCovering(passwordlessSignInModel, [...base, ...candidates], [...baseIds, ...keep]).filter(
      (p) => !base.includes(p as (typeof base)[number]),
    ) as typeof ok;
  // A catalogue path that needs a fault is walked when it adds to what the plain ones cover (as in the sign-in plan).
  const plain = pick(
    fresh.filter((p) => !p.faults),
    [...realizableInCatalogue, ...scenarioIds],
  );
  const chosen = pick(
    [...plain, ...fresh.filter((p) => p.faults)],
    plain.map((p) => p.id),
  );
  const missing: string[] = [];
  const text = (p: GeneratedPath) => p.steps.map((st) => labelOf(st.event)).join(' → ');
  for (const wanted of pool === 'required' ? REQUIRED_MUST_WALK : MUST_WALK) {
    const match = ok.filter((p) => text(p).includes(wanted)).sort((a, b) => a.steps.length - b.steps.length)[0];
    if (!match) {
      missing.push(wanted);
      continue;
    }
    if (!chosen.some((p) => p.id === match.id)) chosen.push(match);
  }
  const of = new Map(ok.map((p) => [p.id, p]));
  const paths = chosen.map((p) => ({ ...p, scenario: of.get(p.id)!.scenario, faults: of.get(p.id)!.faults }));
  const walked = new Set(paths.map((p) => p.id));
  const notWalked = realizableInCatalogue.filter((id) => !walked.has(id));
  const elsewhere = notWalked.filter((id) => baseIds.includes(id));
  const redundant = notWalked.filter((id) => !baseIds.includes(id));
  if (elsewhere.length) leftOut.set('walked on the variant as synthesized (passwordless.real.test.ts)', elsewhere);
  if (redundant.length) leftOut.set('it needs a fault on demand, and covers nothing the walked paths leave out', redundant);
  return {
    catalogue: catalogue.length,
    fromCatalogue: realizableInCatalogue.filter((id) => walked.has(id)),
    paths,
    coverage: measureCoverage(passwordlessSignInModel, paths),
    catalogueLeftOut: leftOut,
    missing,
  };
}

export interface RealUser {
  email: string;
  password: string;
  phone?: string;
  /** The user's authenticator app, when they set TOTP MFA up. */
  totp?: TOTP;
  /** The recovery codes the user made and saved, when the scenario has them; the first `codesUsed` are spent. */
  codes?: readonly string[];
  codesUsed: number;
  scenario: Scenario;
}

/** The alphabet of recovery codes (amplify/auth/recovery/codes.ts): no 0, 1, i, l or o. */
const CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** A recovery code as the user types it, well formed, that is none of theirs (the next unused one with its last letter changed). */
function wrongRecoveryCode(user: RealUser): string {
  const codes = user.codes ?? [];
  const base = codes[user.codesUsed] ?? codes[0];
  if (!base) throw new Error('this user has made no recovery codes');
  const last = CODE_ALPHABET.indexOf(base.at(-1) ?? '');
  const wrong = `${base.slice(0, -1)}${CODE_ALPHABET[(last + 1) % CODE_ALPHABET.length]}`;
  expect(codes, 'the wrong code is none of the set').not.toContain(wrong);
  return wrong;
}

/** The next code of the set the user has not used yet. */
function unusedRecoveryCode(user: RealUser): string {
  const code = user.codes?.[user.codesUsed];
  if (!code) throw new Error('this user has no unused recovery code left');
  user.codesUsed += 1;
  return code;
}

let phones = 0;
const nextPhone = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++phones + 5000).padStart(4, '0')}`;

async function ensureSignedOut(): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    await signOut();
    try {
      await getCurrentUser();
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('a session keeps coming back after sign-out');
}

/** Creates the user a path needs (a passkey registered through aws-amplify on `device`), and leaves Amplify signed out. */
export async function arrange(t: TestBackend, device: SoftwareAuthenticator, scenario: Scenario): Promise<RealUser> {
  await ensureSignedOut();
  const email = uniqueEmail('pwl');
  const user: RealUser = { email, password: PASSWORD, scenario, codesUsed: 0, ...(scenario.phone ? { phone: nextPhone() } : {}) };
  if (scenario.status === 'UNCONFIRMED') {
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    return user;
  }
  await t.backend.createUser({
    email,
    password: PASSWORD,
    ...(user.phone ? { phone: user.phone } : {}),
    ...(scenario.status === 'CONFIRMED' ? {} : { status: scenario.status }),
  });
  if (scenario.passkey) {
    const res = await signIn({
      username: email,
      password: PASSWORD,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' },
    });
    expect(res.isSignedIn).toBe(true);
    const before = device.held.length;
    await associateWebAuthnCredential();
    expect(device.held, 'the passkey is made on the software authenticator').toHaveLength(before + 1);
    await signOut();
  }
  if (scenario.recoveryCodes) {
    // As in the product's settings: signed in, the password typed again, the ten codes shown once and saved.
    expect((await signInWithPassword(t, email)).nextStep.signInStep).toBe('DONE');
    const pending = await startRecoveryCodes({ username: email, password: PASSWORD });
    await pending.confirmSaved();
    user.codes = pending.codes;
    await signOut();
    // Wrong codes given in an earlier sign-in (one sign-in may be answered again and again): they count toward the lockout.
    if (scenario.wrongCodesBefore) {
      await signInWithRecoveryCode({ username: email, password: PASSWORD });
      for (let i = 0; i < scenario.wrongCodesBefore; i += 1)
        await expect(confirmRecoveryCode(wrongRecoveryCode(user))).rejects.toMatchObject({ name: 'CodeMismatchException' });
      await ensureSignedOut();
    }
  }
  const totp = await setUpMfa(t, email, scenario.mfa);
  return totp ? { ...user, totp } : user;
}

/** The first factors Cognito offers this user, in the order the local backend lists them: the password alone with MFA. */
export function factorsOf(s: Scenario): FirstFactor[] {
  if (s.mfa !== 'none' || s.required) return ['PASSWORD', 'PASSWORD_SRP'];
  return [
    'PASSWORD',
    'PASSWORD_SRP',
    'EMAIL_OTP',
    ...(s.phone ? (['SMS_OTP'] as const) : []),
    ...(s.passkey ? (['WEB_AUTHN'] as const) : []),
  ];
}

const TIMING = { challengeTimeoutMs: 180_000, resendCooldownMs: 30_000, passkeyTimeoutMs: 120_000, callTimeoutMs: 30_000, maxAttempts: 2 };
const SESSION_MS = 3 * 60 * 1000 + 1000;

interface Extra {
  readonly t: TestBackend;
  readonly device: SoftwareAuthenticator;
  readonly user: RealUser;
  /** Lets go of a ceremony left hanging (the dialog nobody answered), or of a browser made unsupported. */
  readonly hold: { release?: () => void };
  /** The last recovery code sent in this sign-in was wrong: the triggers' next challenge says so. */
  readonly recovery: { wrong: boolean };
  /** Whose sign-in in another tab each "already signed in" of the path finds, in order (test/support/secondFlow.ts). */
  readonly tabs: ('same' | 'other')[];
}
type ExecContext = RealContext & Extra;
type Executor = RealExecutor<Extra>;
const viewOf = (ctx: RealContext) => connectPasswordlessSignIn(ctx.actor.getSnapshot(), ctx.actor.send);
const send = (ctx: ExecContext, event: AnyEventObject) => ctx.send(event);

/** Sets the software authenticator up for what the path says the next ceremony does. */
function arrangeCeremony(ctx: ExecContext, next: AnyEventObject | undefined): void {
  if (!next) return;
  const name = errorName(next);
  if (name === 'PasskeyAuthenticationCanceled') ctx.device.failNext = domException('NotAllowedError', 'The user closed the dialog');
  else if (name === 'PasskeyNotSupported') {
    const w = (globalThis as unknown as { window: { isSecureContext: boolean } }).window;
    w.isSecureContext = false;
    ctx.hold.release = () => {
      w.isSecureContext = true;
    };
  } else if (sameError(next, 'sessionExpired') || next.type.startsWith('xstate.after.passkeyTimeout')) {
    const device = ctx.device;
    const get = device.get.bind(device);
    const hang = next.type.startsWith('xstate.after.passkeyTimeout');
    let letGo: () => void = () => undefined;
    device.get = (o) => {
      device.get = get;
      // The user takes longer than Cognito's session lives, or never answers the dialog.
      if (!hang) {
        ctx.t.clock.advance(SESSION_MS);
        return get(o);
      }
      return new Promise((_, reject) => {
        letGo = () => reject(domException('NotAllowedError', 'The dialog was closed by the page'));
      });
    };
    ctx.hold.release = () => {
      device.get = get;
      letGo();
    };
  }
}

/** The code the user reads off their mailbox, phone or authenticator app for the current step (8 digits when it is the first factor). */
function rightCode(ctx: ExecContext): string {
  const view = viewOf(ctx);
  if (view.step === 'totpCode') return ctx.user.totp!.generate();
  if (view.step === 'totpSetup') {
    // The user scans the QR code: from now on their app makes the codes.
    ctx.user.totp = authenticator((view as unknown as { totpSetup: { secret: string } }).totpSetup.secret);
    return ctx.user.totp.generate();
  }
  if (view.step === 'emailCode') return ctx.t.backend.inbox.latest({ email: ctx.user.email, purpose: 'Authentication' }).code;
  if (view.step === 'smsCode') return ctx.t.backend.inbox.latest({ destination: ctx.user.phone!, purpose: 'Authentication' }).code;
  if (view.step === 'confirmSignUp') return ctx.t.backend.inbox.latest({ email: ctx.user.email, purpose: 'SignUp' }).code;
  if (view.step === 'resetPassword') return ctx.t.backend.inbox.latest({ email: ctx.user.email, purpose: 'ForgotPassword' }).code;
  throw new Error(`no code to read in ${view.step}`);
}

/** A code of the right length that is not the right one (for TOTP, not the code of any window Cognito accepts). */
function wrongCodeFor(ctx: ExecContext): string {
  const step = viewOf(ctx).step;
  if (step === 'totpCode' || step === 'totpSetup') {
    rightCode(ctx);
    return wrongCode(ctx.user.totp!);
  }
  return wrongOf(rightCode(ctx));
}

const wrongOf = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
/** The step after this one is a call's answer, or its timeout: what the user typed goes to Cognito. */
const isOutcome = (e: AnyEventObject | undefined) =>
  e !== undefined && (outcomeOf(e) !== null || e.type.startsWith('xstate.after.callTimeout.'));

/** How each user event is done for real. A new event type without an entry is a compile error. */
const EXECUTORS = {
  'CREDENTIALS.SUBMIT': async (ctx, event, next) => {
    await anotherTabBefore(next, ctx);
    const valid = (event as { username?: string }).username !== '';
    const wrong = sameError(next, 'wrongCredentials');
    ctx.recovery.wrong = false;
    send(
      ctx,
      valid ? { type: 'CREDENTIALS.SUBMIT', username: ctx.user.email, password: wrong ? 'Wrong-passw0rd!' : ctx.user.password } : event,
    );
  },
  'IDENTIFIER.SUBMIT': async (ctx, event, next) => {
    const typed = event as unknown as { username: string; preferredChallenge?: string };
    if (typed.username === '') return send(ctx, event);
    await anotherTabBefore(next, ctx);
    if (typed.preferredChallenge === 'WEB_AUTHN') {
      arrangeCeremony(ctx, next);
      return send(ctx, { type: 'IDENTIFIER.SUBMIT', username: ctx.user.email, preferredChallenge: 'WEB_AUTHN' });
    }
    // Cognito answers an identifier with a code straight away only when the user asked for it up front.
    const step = stepOf(next);
    const preferredChallenge =
      step === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' ? 'EMAIL_OTP' : step === 'CONFIRM_SIGN_IN_WITH_SMS_CODE' ? 'SMS_OTP' : undefined;
    const username = sameError(next, 'wrongCredentials') ? uniqueEmail('nobody') : ctx.user.email;
    send(ctx, { type: 'IDENTIFIER.SUBMIT', username, ...(preferredChallenge ? { preferredChallenge } : {}) });
  },
  'FACTOR.SELECT': async (ctx, event, next) => {
    const view = viewOf(ctx);
    if (view.step === 'factorSelection') {
      // Only the factors this user has are offered: no passkey without one, no SMS without a phone.
      expect(view.availableChallenges, 'the selection offers the factors this user has').toEqual(factorsOf(ctx.user.scenario));
    }
    if ((event as { factor?: string }).factor === 'WEB_AUTHN') arrangeCeremony(ctx, next);
    if (sameError(next, 'sessionExpired')) ctx.t.clock.advance(SESSION_MS);
    send(ctx, event);
  },
  'FACTOR.CHANGE': async (ctx, event) => send(ctx, event),
  'PASSWORD.SUBMIT': async (ctx, event, next) => {
    const typed = (event as unknown as { password: string }).password;
    if (!typed) return send(ctx, event);
    if (sameError(next, 'sessionExpired')) ctx.t.clock.advance(SESSION_MS);
    send(ctx, { type: 'PASSWORD.SUBMIT', password: sameError(next, 'wrongCredentials') ? 'Wrong-passw0rd!' : ctx.user.password });
  },
  'PASSKEY.RETRY': async (ctx, event, next) => {
    arrangeCeremony(ctx, next);
    send(ctx, event);
  },
  'ANSWER.SUBMIT': async (ctx, event, next) => {
    // The model's answer went to Cognito: a recovery code of the user's does too, an unused one where the path signs in
    // (or the session has expired), a wrong one where the triggers ask again or lock the user out.
    if (!isOutcome(next)) return send(ctx, event);
    // A fault on demand: the answer never reaches the triggers, so what they ask next is unchanged.
    if (faultBefore({ event: next! }, ctx.actor.getSnapshot().value))
      return send(ctx, { type: 'ANSWER.SUBMIT', answer: wrongRecoveryCode(ctx.user) });
    const expired = sameError(next, 'sessionExpired');
    if (expired) ctx.t.clock.advance(SESSION_MS);
    const right = expired || stepOf(next) === 'DONE';
    ctx.recovery.wrong = !right;
    send(ctx, { type: 'ANSWER.SUBMIT', answer: right ? unusedRecoveryCode(ctx.user) : wrongRecoveryCode(ctx.user) });
  },
  'CODE.SUBMIT': async (ctx, event, next) => {
    // The model's code went to Cognito: the real one does too (of the length the step asks for), wrong or right as the path says.
    if (!isOutcome(next)) return send(ctx, event);
    if (sameError(next, 'sessionExpired')) ctx.t.clock.advance(SESSION_MS);
    const remember = (event as { rememberDevice?: boolean }).rememberDevice ? { rememberDevice: true } : {};
    send(ctx, { type: 'CODE.SUBMIT', code: sameError(next, 'wrongCode') ? wrongCodeFor(ctx) : rightCode(ctx), ...remember });
  },
  'CODE.RESEND': async (ctx, event, next) => {
    // A new code is a new sign-in: another tab may have signed in meanwhile.
    await anotherTabBefore(next, ctx);
    send(ctx, event);
  },
  'METHOD.SELECT': async (ctx, event) => send(ctx, event),
  'EMAIL.SUBMIT': async (ctx, event) => send(ctx, event),
  'NEW_PASSWORD.SUBMIT': async (ctx, event) => {
    const password = (event as unknown as { password: string }).password;
    if (password) ctx.user.password = 'New-passw0rd!';
    send(ctx, { type: 'NEW_PASSWORD.SUBMIT', password: password ? ctx.user.password : '' });
  },
  'RESET.SUBMIT': async (ctx, event, next) => {
    const typed = event as unknown as { code: string; password: string };
    if (!isOutcome(next)) return send(ctx, event);
    const wrong = sameError(next, 'wrongCode');
    const right = rightCode(ctx);
    if (!wrong) ctx.user.password = 'Reset-passw0rd!';
    send(ctx, { type: 'RESET.SUBMIT', code: wrong ? wrongOf(right) : right, password: wrong ? typed.password : ctx.user.password });
  },
  'PASSWORD.FORGOT': async (ctx, event) => send(ctx, event),
  'USERNAME.SUBMIT': async (ctx, event) => {
    const valid = (event as { username?: string }).username?.includes('@') === true;
    send(ctx, valid ? { type: 'USERNAME.SUBMIT', username: ctx.user.email } : event);
  },
  'FLOW.CANCEL': async (ctx, event) => send(ctx, event),
  'FLOW.RESTART': async (ctx, event) => send(ctx, event),
  SIGN_OUT: async (ctx, event) => send(ctx, event),
  // A second flow on the page signs this user in, or signs out: Amplify tells every flow on the Hub.
  'AUTH.SIGNED_IN': async (ctx) => signInElsewhereOnPage(ctx.t, ctx.user),
  'AUTH.SIGNED_OUT': async () => signOut(),
  'AUTH.SESSION_LOST': async (_ctx, event) => {
    throw new Error(`${event.type} is not walked against the local backend (see realizable)`);
  },
} satisfies Record<PasswordlessSignInEventType, Executor>;

const DELAY_MS: Readonly<Record<string, number>> = {
  challengeExpiry: TIMING.challengeTimeoutMs,
  resendCooldown: TIMING.resendCooldownMs,
  passkeyTimeout: TIMING.passkeyTimeoutMs,
  callTimeout: TIMING.callTimeoutMs,
};

type PromiseCreator = (args: unknown) => Promise<unknown>;
const CALLS = [
  'fetchUser',
  'signIn',
  'confirmSignIn',
  'passkeySignIn',
  'confirmSignUp',
  'resendSignUpCode',
  'resetPassword',
  'confirmResetPassword',
  'signOut',
] as const;

/**
 * The real actors, each call also kept until it settles: a path may leave a call behind (another method chosen
 * while the password is checked), and its tokens must not land after the next path's sign-out.
 */
function trackedActors(inFlight: Set<Promise<unknown>>) {
  const actors: Record<string, unknown> = { ...amplifyPasswordlessSignInActors };
  for (const name of CALLS) {
    const create = (amplifyPasswordlessSignInActors[name] as unknown as { config: PromiseCreator }).config;
    actors[name] = fromPromise((args) => {
      const call = create(args);
      inFlight.add(call);
      call.then(
        () => inFlight.delete(call),
        () => inFlight.delete(call),
      );
      return call;
    });
  }
  return actors as typeof amplifyPasswordlessSignInActors;
}

/** Cognito adds USERNAME, the pool's username (a uuid where users sign in with an email), to every custom challenge's parameters. */
const POOL_USERNAME = expect.stringMatching(/^[0-9a-f-]{36}$/);

/**
 * What the real custom challenge shows, where the model's is made up ("What is 2 + 2?"): the triggers' recovery-code
 * challenge, which says when the code before was wrong; their lockout is Cognito's own.
 */
function checkRecoveryChallenge(actor: AnyActorRef, extra: Extra): void {
  const snapshot = actor.getSnapshot();
  const view = connectPasswordlessSignIn(snapshot, actor.send);
  if (view.step === 'customChallenge' && inState(snapshot.value, 'awaitingAnswer')) {
    const previous = extra.recovery.wrong ? { previous: 'WRONG_CODE' } : {};
    expect(view.parameters, 'the triggers ask for a recovery code').toEqual({
      step: 'RECOVERY_CODE',
      ...previous,
      USERNAME: POOL_USERNAME,
    });
  }
  if (view.step === 'locked' && extra.user.scenario.recoveryCodes) {
    // The fifth wrong code: the path's attempt limit is, for real, Cognito's "Password attempts exceeded".
    expect(snapshot.context.error, 'the lockout after wrong recovery codes').toMatchObject({ code: 'LOCKED_OUT' });
  }
}

/** Plays one path for real: the user it needs, then every step, checking the state the path says after each. */
export async function replayReal(t: TestBackend, device: SoftwareAuthenticator, path: GeneratedPath, scenario: Scenario): Promise<void> {
  const user = await arrange(t, device, scenario);
  const extra: Extra = { t, device, user, hold: {}, recovery: { wrong: false }, tabs: tabsOf(path) };
  const inFlight = new Set<Promise<unknown>>();
  try {
    await realWalk(path, {
      machine: passwordlessSignInMachine.provide({ actors: trackedActors(inFlight) }),
      input: (now) => ({ ...TIMING, authFlowType: scenario.recoveryCodes ? 'CUSTOM_WITH_SRP' : t.connection.authFlowType, now }),
      delays: DELAY_MS,
      extra,
      executors: EXECUTORS,
      // The fault the path's next step needs, queued before the step that starts its call.
      beforeStep: (ctx, step, next) => queueFault(ctx.t, faultBefore, step, next),
      // A timeout abandons a call that hangs: the clock moves once that call has reached the backend (so it is
      // really held there), and the call, the newest in flight, is not waited for at the path's end.
      onDelay: async (ctx, delay) => {
        if (delay !== 'callTimeout') return;
        await faultsGiven(ctx.t);
        const hung = [...inFlight].at(-1);
        if (hung) inFlight.delete(hung);
      },
      label: labelOf,
      check: (actor) => checkRecoveryChallenge(actor, extra),
      // A sign-in elsewhere on the page reaches the machine on the Hub, and its profile read may be done first.
      passesThrough: (event) => event.type === 'AUTH.SIGNED_IN',
    });
    expectFaultsGiven(t);
    if (scenario.recoveryCodes && path.steps.at(-1)?.state === 'signedIn') {
      // Signed in by the custom flow itself, with a code of the set.
      expect((await getCurrentUser()).signInDetails).toEqual({ loginId: user.email, authFlowType: 'CUSTOM_WITH_SRP' });
    }
  } finally {
    extra.hold.release?.();
    device.failNext = undefined;
    t.backend.faults.clear();
    await Promise.allSettled([...inFlight]);
    await signOut();
  }
}

export interface RealRig {
  readonly t: TestBackend;
  readonly device: SoftwareAuthenticator;
}

/**
 * The local backend from the passwordless variant (as synthesized, or varied to require MFA) and a software
 * authenticator installed as the browser's passkey dialog, started before a suite's tests and stopped after them.
 */
export function realRig(pool: PoolMfa = 'optional'): RealRig {
  const rig = {} as { t: TestBackend; device: SoftwareAuthenticator; uninstall?: () => void };
  beforeAll(async () => {
    rig.t = await startPasswordlessBackend(pool === 'required' ? { pool: { mfaConfiguration: 'ON' } } : {});
    rig.device = new SoftwareAuthenticator('http://localhost:5173');
    rig.uninstall = rig.device.install();
  }, 120_000);
  afterAll(async () => {
    await signOut();
    rig.uninstall?.();
    await rig.t?.backend.close();
  });
  return rig;
}
