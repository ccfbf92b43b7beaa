/**
 * The specs of the MFA management flows, per step, written from the issue and
 * not from the machines (see test/signIn/oracle.ts for the idea).
 */
import { expect } from 'vitest';
import type { MfaSettingsContext, MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import type { MfaSettingsView } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { PhoneVerificationContext } from '../../machines/phoneVerification/phoneVerification.types.js';
import type { PhoneVerificationView } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { TotpEnrollmentContext } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import type { TotpEnrollmentView } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { at } from '../support/views.js';
import type { WalkStep } from '../support/walk.js';

type Outcome = { kind: 'done' | 'error'; src: string; output: unknown; error: { name: string; message: string } } | null;
function outcome(event: { type: string }): Outcome {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (!m) return null;
  const e = event as unknown as { output: unknown; error: { name: string; message: string } };
  return { kind: m[1] as 'done' | 'error', src: m[2] ?? '', output: e.output, error: e.error };
}
const srcs = (calls: readonly { src: string }[]) => calls.map((c) => c.src);

/** A sign-out or a lost session elsewhere on the page ends any flow at once, with nothing sent and a typed error. */
function checkHub(s: WalkStep<{ step: string; error: { code: string } | null }, unknown>): boolean {
  if (s.event.type !== 'AUTH.SIGNED_OUT' && s.event.type !== 'AUTH.SESSION_LOST') return false;
  expect(s.after.step).toBe('signedOut');
  expect(s.after.error?.code).toBe('SIGNED_OUT');
  expect(s.calls).toEqual([]);
  return true;
}

/** A call that does not answer in time ends in a retryable TIMEOUT on the step where the user can go on. */
function checkTimeout(s: WalkStep<{ step: string; error: { code: string; retryable: boolean } | null }, unknown>, to: string): boolean {
  if (!s.event.type.startsWith('xstate.after.callTimeout')) return false;
  expect(s.after.step, `a call unanswered in ${s.before.step} gives up`).toBe(to);
  expect(s.after.error?.code).toBe('TIMEOUT');
  expect(s.after.error?.retryable).toBe(true);
  return true;
}

/** A member only some steps have; undefined on the others, so an assertion on it fails there. */
function read(view: object, key: string): unknown {
  return key in view ? (view as Record<string, unknown>)[key] : undefined;
}

/** What the user typed, as the step shows it back. */
function valuesOf(view: object): { readonly code?: string; readonly phone?: string } {
  return (read(view, 'values') as { code?: string; phone?: string } | undefined) ?? {};
}

/** A typed code: a malformed one never leaves the page and stays in the field; a 6-digit one goes to `src`. */
function checkCodeSubmit(s: WalkStep<{ error: { code: string } | null }, unknown>, src: string, expected: (code: string) => object): void {
  const code = String((s.event as { code?: string }).code);
  if (!/^\d{6}$/.test(code)) {
    expect(s.calls).toEqual([]);
    expect(s.after.error?.code).toBe('CODE_FORMAT');
    expect(valuesOf(s.after).code).toBe(code);
  } else {
    expect(srcs(s.calls)).toEqual([src]);
    expect(s.calls[0]?.input).toEqual(expected(code));
    expect(s.after.error, 'a code on its way clears the last error').toBeNull();
  }
}

const TOTP_MAX_ATTEMPTS = 5;

export function checkTotpStep(
  s: WalkStep<TotpEnrollmentView, TotpEnrollmentContext>,
  expected: { totpIssuer: string; accountName: string; preference: string },
): void {
  const { before, after, event, calls } = s;
  const o = outcome(event);
  // The secret exists only while the setup is on screen (or being checked).
  if (!['settingUp', 'awaitingCode', 'verifying'].includes(after.step)) {
    expect('totpSetup' in after, `no secret in the view in ${after.step}`).toBe(false);
    expect(s.context.secret, `no secret in ${after.step}`).toBeNull();
    expect(s.context.code).toBe('');
  }
  expect(after.busy).toBe(['settingUp', 'verifying', 'settingPreference'].includes(after.step));
  // How the flow ended is its output, which the settings page (or an app) reads.
  if (after.step === 'enrolled' || after.step === 'cancelled' || after.step === 'signedOut') {
    expect(s.status).toBe('done');
    expect(s.output).toEqual({ status: after.step });
  } else {
    expect(s.status).toBe('active');
    expect(s.context.status).toBe('enrolling');
  }
  if (checkHub(s)) return;
  const timeoutTo: Record<string, string> = {
    settingUp: s.beforeContext.secret ? 'awaitingCode' : 'setupFailed',
    verifying: 'awaitingCode',
    settingPreference: 'preferenceFailed',
  };
  if (checkTimeout(s, timeoutTo[before.step] ?? '(not busy)')) {
    if (after.step === 'awaitingCode') {
      expect(after.totpSetup.secret, 'the secret can still be typed in by hand').toBeTruthy();
      expect(after.values.code, 'nothing typed is lost').toBe(valuesOf(before).code ?? '');
    }
    return;
  }

  if (event.type === 'FLOW.CANCEL') {
    // Once the code is accepted the authenticator is on: stopping keeps it on.
    expect(after.step).toBe(['preferenceFailed', 'settingPreference'].includes(before.step) ? 'enrolled' : 'cancelled');
    if (after.step === 'enrolled') expect(after.error, 'TOTP is on: nothing failed').toBeNull();
    return;
  }
  if (event.type === 'FLOW.RETRY') {
    expect(srcs(calls)).toEqual([before.step === 'setupFailed' ? 'setUpTotp' : 'setTotpPreference']);
    expect(after.error).toBeNull();
    return;
  }
  if (event.type === 'FLOW.RESTART') {
    expect(after.step).toBe('settingUp');
    expect(after.error).toBeNull();
    expect(s.context.attemptsLeft).toBe(TOTP_MAX_ATTEMPTS);
    expect(srcs(calls)).toEqual(['setUpTotp']);
    expect(calls[0]?.input).toEqual({ totpIssuer: expected.totpIssuer, accountName: expected.accountName });
    return;
  }
  if (event.type === 'CODE.SUBMIT') return checkCodeSubmit(s, 'verifyTotp', (code) => ({ code }));
  if (!o) return;
  if (o.src === 'setUpTotp') {
    if (o.kind === 'done') {
      const secret = o.output as { sharedSecret: string; setupUri: string };
      expect(at(after, 'settingUp').totpSetup?.secret).toBe(secret.sharedSecret);
      expect(after.error).toBeNull();
      expect(srcs(calls)).toEqual(['createQrCode']);
      expect(calls[0]?.input).toEqual({ uri: secret.setupUri });
    } else {
      expect(after.step).toBe('setupFailed');
      expect(after.error?.retryable).toBe(true);
      expect(after.error?.name).toBe(o.error.name);
    }
  } else if (o.src === 'createQrCode') {
    const shown = at(after, 'awaitingCode');
    expect(shown.totpSetup.secretGroups).toMatch(/^(\w{4} )*\w{1,4}$/);
    if (o.kind === 'done') expect(shown.totpSetup.qrDataUrl).toBe(o.output);
    else expect(after.error?.name, 'the QR code failed; the secret can still be typed').toBe(o.error.name);
  } else if (o.src === 'verifyTotp') {
    if (o.kind === 'done') {
      expect(after.step).toBe('settingPreference');
      expect(srcs(calls)).toEqual(['setTotpPreference']);
      expect(calls[0]?.input).toEqual({ preference: expected.preference });
    } else if (o.error.name === 'CodeMismatchException') {
      expect(s.context.attemptsLeft).toBe(s.beforeContext.attemptsLeft - 1);
      expect(after.step).toBe(s.beforeContext.attemptsLeft === 1 ? 'tooManyAttempts' : 'awaitingCode');
      if (after.step === 'awaitingCode') {
        expect(after.values.code).toBe('');
        expect(after.attemptsLeft).toBe(s.context.attemptsLeft);
        expect(after.error?.code).toBe('WRONG_CODE');
      } else {
        expect(after.error).toEqual({
          code: 'TOTP_SETUP_FAILED',
          message: 'Too many wrong codes. Start again with a new secret.',
          retryable: false,
        });
      }
    } else if (o.error.name === 'LimitExceededException') {
      expect(after.step).toBe('tooManyAttempts');
      expect(after.error?.code).toBe('LIMIT_EXCEEDED');
    } else {
      expect(after.step).toBe('awaitingCode');
      expect(after.error?.retryable).toBe(true);
      expect(valuesOf(after).code, 'nothing typed is lost').toBe(valuesOf(before).code);
      expect(after.error?.name).toBe(o.error.name);
    }
  } else if (o.src === 'setTotpPreference') {
    expect(after.step).toBe(o.kind === 'done' ? 'enrolled' : 'preferenceFailed');
    if (o.kind === 'done') expect(after.error).toBeNull();
    else expect(after.error?.name).toBe(o.error.name);
  }
}

export function checkPhoneStep(
  s: WalkStep<PhoneVerificationView, PhoneVerificationContext>,
  t: { resendCooldownMs: number; enable: 'ENABLED' | 'PREFERRED' | false },
): void {
  const { before, after, event, calls } = s;
  const o = outcome(event);
  expect(after.busy).toBe(['updatingPhone', 'sendingCode', 'confirming', 'enablingSms'].includes(after.step));
  if (!['awaitingCode', 'confirming'].includes(after.step)) expect(s.context.code, `no code kept in ${after.step}`).toBe('');
  // How the flow ended, and the number it verified, is its output.
  if (after.step === 'verified' || after.step === 'cancelled' || after.step === 'signedOut') {
    expect(s.status).toBe('done');
    expect(s.output).toEqual({ status: after.step, phone: s.context.phone });
    if (after.step === 'verified') expect(s.context.phone).toMatch(/^\+[1-9]\d{6,14}$/);
  } else {
    expect(s.status).toBe('active');
    expect(s.context.status).toBe('verifying');
  }
  if (checkHub(s)) return;
  const timeoutTo: Record<string, string> = {
    updatingPhone: 'enteringPhone',
    sendingCode: 'awaitingCode',
    confirming: 'awaitingCode',
    enablingSms: 'enableFailed',
  };
  if (checkTimeout(s, timeoutTo[before.step] ?? '(not busy)')) {
    if (before.step === 'updatingPhone') expect(valuesOf(after).phone, 'the typed number is kept').toBe(valuesOf(before).phone);
    if (before.step === 'confirming') expect(valuesOf(after).code, 'the typed code is kept').toBe(valuesOf(before).code);
    if (before.step === 'sendingCode') expect(read(after, 'canResend'), 'a new code may be asked for at once').toBe(true);
    return;
  }

  if (event.type === 'FLOW.CANCEL') return void expect(after.step).toBe('cancelled');
  if (event.type === 'PHONE.CHANGE') {
    expect(after.step).toBe('enteringPhone');
    expect(after.error).toBeNull();
    expect(s.context.codeDelivery).toBeNull();
    expect('codeDelivery' in after).toBe(false);
    expect(calls).toEqual([]);
    return;
  }
  if (event.type === 'PHONE.SUBMIT') {
    const typed = String((event as { phone?: string }).phone);
    if (!typed.trim().startsWith('+')) {
      expect(calls).toEqual([]);
      expect(after.error?.code).toBe('PHONE_FORMAT');
      expect(valuesOf(after).phone, 'the typed number is kept').toBe(typed);
    } else {
      expect(srcs(calls)).toEqual(['updatePhone']);
      expect(calls[0]?.input, 'the number is sent in E.164').toEqual({ phone: typed.replace(/[\s\-()]/g, '') });
      expect(after.error).toBeNull();
    }
    return;
  }
  if (event.type === 'CODE.SUBMIT') return checkCodeSubmit(s, 'confirmPhone', (code) => ({ code }));
  if (event.type === 'CODE.RESEND' || event.type === 'FLOW.RETRY') {
    expect(srcs(calls)).toEqual([event.type === 'CODE.RESEND' ? 'sendPhoneCode' : 'enableSmsMfa']);
    expect(after.error).toBeNull();
    return;
  }
  if (event.type.startsWith('xstate.after.resendCooldown')) {
    expect(read(after, 'canResend') ?? false).toBe(after.step === 'awaitingCode');
    expect(s.context.resendAt).toBeNull();
    if ('resendAt' in after) expect(after.resendAt).toBeNull();
    return;
  }
  if (!o) return;
  if (o.src === 'updatePhone') {
    if (o.kind === 'error') {
      expect(after.step).toBe('enteringPhone');
      expect(after.error?.name).toBe(o.error.name);
      expect(valuesOf(after).phone).toBe(valuesOf(before).phone);
    } else if ((o.output as { codeSent: boolean }).codeSent) {
      const awaiting = at(after, 'awaitingCode');
      expect(awaiting.codeDelivery).toEqual((o.output as { codeDelivery: unknown }).codeDelivery);
      expect(awaiting.resendAt).toBe(s.now + t.resendCooldownMs);
      expect(awaiting.canResend).toBe(false);
    } else {
      expect(after.step).toBe('sendingCode');
      expect(srcs(calls)).toEqual(['sendPhoneCode']);
    }
  } else if (o.src === 'sendPhoneCode') {
    const awaiting = at(after, 'awaitingCode');
    if (o.kind === 'done') {
      expect(awaiting.codeDelivery).toEqual(o.output);
      expect(awaiting.canResend).toBe(false);
      expect(awaiting.error).toBeNull();
    } else {
      expect(awaiting.error?.name).toBe(o.error.name);
      expect(awaiting.canResend, 'a failed send may be retried at once').toBe(true);
    }
  } else if (o.src === 'confirmPhone') {
    if (o.kind === 'done') {
      expect(after.step).toBe(t.enable ? 'enablingSms' : 'verified');
      if (t.enable) expect(calls[0]?.input).toEqual({ preference: t.enable });
    } else {
      const awaiting = at(after, 'awaitingCode');
      expect(awaiting.values.code).toBe('');
      expect(awaiting.error?.name).toBe(o.error.name);
      if (o.error.name === 'ExpiredCodeException') expect(awaiting.canResend, 'an expired code offers a resend').toBe(true);
    }
  } else if (o.src === 'enableSmsMfa') {
    expect(after.step).toBe(o.kind === 'done' ? 'verified' : 'enableFailed');
    if (o.kind === 'error') expect(after.error?.name).toBe(o.error.name);
  }
}

const KEY = { SMS: 'sms', TOTP: 'totp', EMAIL: 'email' } as const;

/** The default: a sensitive change needs a sign-in at most 5 minutes old. */
const MAX_AUTH_AGE_MS = 5 * 60 * 1000;
type Held = { kind: 'save'; change: Record<string, string> } | { kind: 'enrollTotp' } | { kind: 'verifyPhone' };

/**
 * The sensitive changes (issue 12): turning a method off, changing the preferred method (a new authenticator app is
 * made the preferred one, so adding one over a preferred method changes it), and the phone flow over a number on file
 * (it may replace it). What each holds while the sign-in's age is checked; null for anything else.
 */
function sensitiveChange(before: MfaSettingsView, event: { type: string }, mode: 'REQUIRED' | 'OPTIONAL'): Held | null {
  if (before.step !== 'ready') return null;
  const method = (event as { method?: 'SMS' | 'TOTP' }).method;
  const on = (m: string) => before.enabled.includes(m as never);
  if (event.type === 'METHOD.DISABLE' && method && on(method) && !(mode === 'REQUIRED' && before.enabled.length === 1))
    return { kind: 'save', change: { [KEY[method]]: 'DISABLED' } };
  if (event.type === 'PREFERRED.SET' && method && on(method) && before.preferred !== method)
    return { kind: 'save', change: { [KEY[method]]: 'PREFERRED' } };
  if (event.type === 'ENROLL.TOTP' && !on('TOTP') && before.preferred !== null) return { kind: 'enrollTotp' };
  if (event.type === 'ENROLL.SMS' && !on('SMS') && !before.phoneVerified && before.phone !== null) return { kind: 'verifyPhone' };
  return null;
}

/** The held change is made, without asking again. */
function checkApplied(s: WalkStep<MfaSettingsView, MfaSettingsContext>, held: Held): void {
  if (held.kind === 'save') {
    expect(s.after.step).toBe('saving');
    expect(srcs(s.calls)).toEqual(['updateMfaPreference']);
    expect(s.calls[0]?.input).toEqual(held.change);
  } else {
    expect(s.after.step).toBe(held.kind === 'enrollTotp' ? 'enrollingTotp' : 'verifyingPhone');
    expect(s.calls).toEqual([]);
  }
}

/** A step-up that ends without the change: back on the settings, nothing sent, and a typed error says why. */
function checkNothingChanged(s: WalkStep<MfaSettingsView, MfaSettingsContext>, error: { code?: string; name?: string } | null): void {
  expect(s.after.step).toBe('ready');
  expect(s.calls, 'nothing is changed').toEqual([]);
  if (error === null) expect(s.after.error).toBeNull();
  else expect(s.after.error).toMatchObject(error);
}

const recentBy = (now: number, authTime: unknown) => typeof authTime === 'number' && now - authTime <= MAX_AUTH_AGE_MS;

/** The step-up before a sensitive change, per step; true when the step was one of its. */
function checkStepUp(s: WalkStep<MfaSettingsView, MfaSettingsContext>, mode: 'REQUIRED' | 'OPTIONAL'): boolean {
  const { before, after, event, calls } = s;
  const held = sensitiveChange(before, event, mode);
  if (held) {
    expect(after.step, 'a sensitive change first checks the sign-in age').toBe('checkingSignIn');
    expect(srcs(calls)).toEqual(['readSignIn']);
    expect(read(after, 'pending')).toEqual(held);
    expect(after.error).toBeNull();
    return true;
  }
  const pending = read(before, 'pending') as Held | undefined;
  if (event.type === 'xstate.snapshot.reauthenticate') {
    const child = (event as unknown as { snapshot: { value: unknown; context: { user: { userId: string; authTime?: number } | null } } })
      .snapshot;
    if (child.value !== 'signedIn') return true;
    if (child.context.user?.userId === s.beforeContext.signIn?.userId && recentBy(s.now, child.context.user?.authTime)) {
      expect(after.step).toBe('reauthenticating');
      expect(after.busy, 'the new session is being taken on').toBe(true);
      expect(read(after, 'reauthentication')).toBeNull();
      expect(srcs(calls)).toEqual(['adoptSession']);
      expect(calls[0]?.input).toEqual({ userId: s.beforeContext.signIn?.userId });
    } else checkNothingChanged(s, { code: 'REAUTH_FAILED' });
    return true;
  }
  if (before.step === 'checkingSignIn' || before.step === 'reauthenticating') {
    if (event.type === 'FLOW.CANCEL') {
      checkNothingChanged(s, before.step === 'reauthenticating' ? { code: 'REAUTH_CANCELLED' } : null);
      return true;
    }
    if (event.type.startsWith('xstate.after.callTimeout')) {
      checkNothingChanged(s, { code: 'TIMEOUT' });
      return true;
    }
  }
  const o = outcome(event);
  if (!o || !pending) return false;
  if (o.src === 'readSignIn') {
    if (o.kind === 'error') {
      checkNothingChanged(s, { name: o.error.name });
      return true;
    }
    const signIn = o.output as { userId: string; authTime?: number; loginId: string };
    if (recentBy(s.now, signIn.authTime)) checkApplied(s, pending);
    else {
      expect(after.step, 'an old sign-in: the user signs in again first').toBe('reauthenticating');
      expect(read(after, 'username'), 'for the signed-in user only').toBe(signIn.loginId);
      expect(read(after, 'pending')).toEqual(pending);
      expect(read(after, 'reauthentication')).not.toBeNull();
      expect(srcs(calls)).toEqual(['reauthenticationSession']);
      expect(calls[0]?.input).toEqual({ username: signIn.loginId, userId: signIn.userId });
    }
    return true;
  }
  if (o.src === 'adoptSession') {
    if (o.kind === 'done') checkApplied(s, pending);
    else checkNothingChanged(s, { name: o.error.name });
    return true;
  }
  if (o.src === 'reauthenticate') {
    checkNothingChanged(s, { code: 'REAUTH_FAILED' });
    return true;
  }
  return false;
}

export function checkSettingsStep(s: WalkStep<MfaSettingsView, MfaSettingsContext>, mode: 'REQUIRED' | 'OPTIONAL'): void {
  const { before, after, event, calls } = s;
  const o = outcome(event);
  if ((event.type === 'PREFERRED.SET' || event.type === 'METHOD.DISABLE') && !['SMS', 'TOTP', 'EMAIL'].includes(String(event.method))) {
    // A method nobody offers, from a page that sent bad data: a typed error, nothing sent, nothing moved.
    expect(after.error?.code).toBe('INVALID_EVENT');
    expect(calls).toEqual([]);
    expect(after.step).toBe(before.step);
  }
  expect(
    after.methods.map((m) => m.method),
    'only what the pool allows',
  ).toEqual(['SMS', 'TOTP']);
  expect(after.busy).toBe(
    ['loading', 'saving', 'checkingSignIn'].includes(after.step) ||
      (after.step === 'reauthenticating' && read(after, 'reauthentication') === null),
  );
  if (after.step === 'enrollingTotp') expect(after.totpEnrollment).not.toBeNull();
  if (after.step === 'verifyingPhone') expect(after.phoneVerification).not.toBeNull();
  if (after.step !== 'ready')
    expect(
      after.methods.some((m) => m.canSetUp || m.canPrefer || m.canDisable),
      'nothing is offered while busy',
    ).toBe(false);

  if (checkHub(s)) return;
  if (checkStepUp(s, mode)) return;
  if (checkTimeout(s, before.step === 'saving' ? 'loading' : 'loadFailed')) {
    // Whether an unanswered save was made or not, the settings are read again to show what Cognito has.
    if (before.step === 'saving') expect(srcs(calls)).toEqual(['loadMfaStatus']);
    return;
  }
  const method = (event as { method?: 'SMS' | 'TOTP' }).method;
  const enabled = before.enabled;
  // Whatever is asked for and accepted starts without the last error.
  if (
    after.step !== before.step &&
    ['SETTINGS.RELOAD', 'ENROLL.TOTP', 'ENROLL.SMS', 'PREFERRED.SET', 'METHOD.DISABLE'].includes(event.type)
  ) {
    expect(after.error).toBeNull();
  }
  if (event.type === 'SETTINGS.RELOAD') return void expect(srcs(calls)).toEqual(['loadMfaStatus']);
  if (event.type === 'FLOW.CANCEL') {
    if (before.step === 'saving') {
      expect(after.step).toBe('loading');
      expect(srcs(calls)).toEqual(['loadMfaStatus']);
    } else {
      expect(after.step).toBe('loadFailed');
      expect(calls).toEqual([]);
    }
    return;
  }
  if (event.type === 'ENROLL.TOTP') {
    // (Over a preferred method it is a sensitive change: checkStepUp.)
    if (enabled.includes('TOTP')) {
      expect(after.step).toBe('ready');
      expect(after.error?.code).toBe('METHOD_NOT_ALLOWED');
    } else expect(after.step).toBe('enrollingTotp');
    return;
  }
  if (event.type === 'ENROLL.SMS') {
    if (enabled.includes('SMS')) expect(after.error?.code).toBe('METHOD_NOT_ALLOWED');
    else if (before.phoneVerified) {
      expect(after.step).toBe('saving');
      expect(calls[0]?.input).toEqual({ sms: 'ENABLED' });
    } else {
      // With no number on file nothing can be replaced: the phone flow starts at once.
      expect(before.phone).toBeNull();
      expect(after.step).toBe('verifyingPhone');
    }
    return;
  }
  if (event.type === 'PREFERRED.SET' && method) {
    if (enabled.includes(method) && before.preferred !== method) {
      expect(after.step).toBe('saving');
      expect(calls[0]?.input).toEqual({ [KEY[method]]: 'PREFERRED' });
    } else expect(calls).toEqual([]);
    return;
  }
  if (event.type === 'METHOD.DISABLE' && method) {
    const row = before.methods.find((m) => m.method === method);
    if (mode === 'REQUIRED' && enabled.includes(method) && enabled.length === 1) {
      expect(calls, 'the last method of a REQUIRED pool stays on').toEqual([]);
      expect(after.error?.code).toBe('LAST_METHOD_REQUIRED');
      expect(row?.disableBlockedReason).toBeTruthy();
    } else if (enabled.includes(method)) {
      expect(after.step).toBe('saving');
      expect(calls[0]?.input).toEqual({ [KEY[method]]: 'DISABLED' });
    } else expect(calls).toEqual([]);
    return;
  }
  if (!o) return;
  if (o.src === 'loadMfaStatus') {
    if (o.kind === 'done') {
      const status = o.output as MfaStatus;
      expect(after.step).toBe('ready');
      expect(after.enabled).toEqual(status.enabled);
      expect(after.preferred).toEqual(status.preferred);
      expect(after.phone).toEqual(status.phone);
      expect(after.phoneVerified).toEqual(status.phoneVerified);
    } else {
      expect(after.step).toBe('loadFailed');
      expect(after.error?.name).toBe(o.error.name);
    }
    return;
  }
  if (o.kind === 'done' && (o.output as { status?: string } | undefined)?.status === 'signedOut') {
    // A child flow that ended because the session did ends the settings too.
    expect(after.step).toBe('signedOut');
    expect(after.error?.code).toBe('SIGNED_OUT');
    expect(calls).toEqual([]);
    return;
  }
  // Every change, and every flow's ending, reloads from Cognito; an error stays visible.
  expect(after.step).toBe('loading');
  expect(srcs(calls)).toEqual(['loadMfaStatus']);
  if (o.kind === 'error') expect(after.error?.name).toBe(o.error.name);
}
