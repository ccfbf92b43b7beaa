import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectRecoveryCodes, connectRecoverySignIn, recoveryCodesMachine, recoverySignInMachine } from 'amplify-mfa-flow/recovery';
import type {
  RecoveryCodesContext,
  RecoveryCodesInput,
  RecoveryCodesView,
  RecoverySignInContext,
  RecoverySignInView,
} from 'amplify-mfa-flow/recovery';
import { recoveryCodes, recoverySignIn } from '../../src/diagram/recovery.model.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import { cataloguePaths } from '../support/catalogue.js';
import { walk } from '../support/walk.js';
import type { WalkStep } from '../support/walk.js';

// Pure level for the two recovery-code flows: the catalogue's paths walked on a live actor with fake
// calls, each step checked against the flows as README "Recovery codes" states them (written here from
// that text, never read from the machines).

const CALL_TIMEOUT = 1_000;
/** A code as the triggers make it: ten of 2-9 and a-z without i, l and o; case, spaces and dashes do not matter. */
const isRecoveryCode = (raw: string) => /^[2-9a-hjkmnp-z]{10}$/.test(raw.toLowerCase().replace(/[\s-]/g, ''));

function outcome(event: AnyEventObject) {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  return m ? { kind: m[1], actor: m[2], output: (event as { output?: unknown }).output } : null;
}
const errorName = (event: AnyEventObject) => (event as { error?: { name?: string } }).error?.name;

function checkCodesStep(s: WalkStep<RecoveryCodesView, RecoveryCodesContext>, input: RecoveryCodesInput): void {
  const { before, after, event, calls, context } = s;
  const srcs = calls.map((c) => c.src);
  // Invariants: the codes are in the context only while they are shown; the password only until the codes are made.
  expect(after.busy).toBe(['generating', 'saving', 'discarding'].includes(after.step));
  if (after.step !== 'showing' && after.step !== 'saving') expect(context.codes).toEqual([]);
  if (after.step !== 'generating') expect(context.password).toBe('');
  if (s.status === 'done') {
    const status = after.step === 'saved' ? 'saved' : after.step === 'signedOut' ? 'signedOut' : 'cancelled';
    expect(s.output).toEqual({ status, hasCodes: status === 'saved' || input.hasCodes === true });
  }
  const o = outcome(event);
  if (event.type === 'AUTH.SIGNED_OUT' || event.type === 'AUTH.SESSION_LOST') {
    expect([after.step, after.error?.code]).toEqual(['signedOut', 'SIGNED_OUT']);
    return void expect(calls).toEqual([]);
  }
  if (event.type === 'CODES.START') {
    // Someone with a set is warned first that the old codes die.
    return void expect(after.step).toBe(input.hasCodes ? 'warning' : 'enteringPassword');
  }
  if (event.type === 'CODES.REPLACE') return void expect([before.step, after.step]).toEqual(['warning', 'enteringPassword']);
  if (event.type === 'PASSWORD.SUBMIT') {
    const password = (event as { password?: string }).password ?? '';
    if (!password) {
      expect([after.step, after.error?.code]).toEqual(['enteringPassword', 'PASSWORD_REQUIRED']);
      return void expect(calls).toEqual([]);
    }
    expect(after.step).toBe('generating');
    return void expect(calls.map((c) => [c.src, c.input])).toEqual([['startCodes', { password }]]);
  }
  if (event.type === 'CODES.SAVED') {
    expect([before.step, after.step]).toEqual(['showing', 'saving']);
    return void expect(srcs).toEqual(['saveCodes']);
  }
  if (event.type === 'FLOW.CANCEL') {
    // Cancelling a shown set drops it (nothing stored); anywhere else nothing was made.
    if (before.step === 'showing') {
      expect(after.step).toBe('discarding');
      return void expect(srcs).toEqual(['discardCodes']);
    }
    return void expect(after.step).toBe('cancelled');
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    expect(after.error?.code).toBe('TIMEOUT');
    return void expect(after.step).toBe(
      before.step === 'generating' ? 'enteringPassword' : before.step === 'discarding' ? 'idle' : 'showing',
    );
  }
  if (o?.actor === 'startCodes') {
    if (o.kind === 'done') {
      expect(after.step).toBe('showing');
      return void expect(after.step === 'showing' && after.codes).toEqual((o.output as { codes: string[] }).codes);
    }
    expect(after.step).toBe('enteringPassword');
    return void expect(after.error?.code).toBe(errorName(event) === 'NotAuthorizedException' ? 'WRONG_CREDENTIALS' : 'NETWORK');
  }
  if (o?.actor === 'saveCodes') {
    if (o.kind === 'done') return void expect([after.step, after.error]).toEqual(['saved', null]);
    // Not stored: the codes are still shown, to try again.
    expect([after.step, after.error?.code]).toEqual(['showing', 'NETWORK']);
    return void expect(after.step === 'showing' && after.codes.length).toBe(10);
  }
  if (o?.actor === 'discardCodes') {
    // Dropped either way: done ends the flow; a failure is shown where the user can start again.
    if (o.kind === 'done') return void expect([after.step, after.error]).toEqual(['cancelled', null]);
    return void expect([after.step, after.error?.code]).toEqual(['idle', 'NETWORK']);
  }
  throw new Error(`no spec for ${event.type}`);
}

/** Written from README: five tries per sign-in; each refused code (wrong or used) takes one; a new password starts again. */
const MAX_ATTEMPTS = 5;

function checkSignInStep(s: WalkStep<RecoverySignInView, RecoverySignInContext>, tries: { left: number }): void {
  const { before, after, event, calls, context } = s;
  const refused = ['CodeMismatchException', 'RecoveryCodeUsedException'].includes(errorName(event) ?? '');
  if (outcome(event)?.actor === 'confirmRecoveryCode' && refused) tries.left -= 1;
  if (after.step === 'awaitingCode' || after.step === 'verifyingCode') expect(after.attemptsLeft).toBe(tries.left);
  expect(after.busy).toBe(after.step === 'signingIn' || after.step === 'verifyingCode');
  if (after.step !== 'signingIn') expect(context.password).toBe('');
  if (after.step !== 'verifyingCode' && after.step !== 'awaitingCode')
    expect(context.code === '' || after.step === 'enteringCredentials').toBe(true);
  if (s.status === 'done')
    expect(s.output).toEqual({ status: after.step === 'signedIn' ? 'signedIn' : 'cancelled', username: context.username });
  const o = outcome(event);
  if (event.type === 'FLOW.CANCEL') return void expect(after.step).toBe('cancelled');
  if (event.type === 'CREDENTIALS.SUBMIT') {
    const { username, password } = event as unknown as { username: string; password: string };
    if (!password) {
      expect([after.step, after.error?.code]).toEqual(['enteringCredentials', 'PASSWORD_REQUIRED']);
      return void expect(calls).toEqual([]);
    }
    expect(after.step).toBe('signingIn');
    tries.left = MAX_ATTEMPTS;
    return void expect(calls.map((c) => [c.src, c.input])).toEqual([['startRecoverySignIn', { username, password }]]);
  }
  if (event.type === 'CODE.SUBMIT') {
    const code = (event as { code?: string }).code ?? '';
    if (!isRecoveryCode(code)) {
      // An MFA code or junk: a typed error before any call, and what was typed stays.
      expect([after.step, after.error?.code, after.error?.field]).toEqual(['awaitingCode', 'RECOVERY_CODE_FORMAT', 'code']);
      expect(after.step === 'awaitingCode' && after.values.code).toBe(code);
      return void expect(calls).toEqual([]);
    }
    expect(after.step).toBe('verifyingCode');
    const normal = code.toLowerCase().replace(/[\s-]/g, '');
    return void expect(calls.map((c) => [c.src, c.input])).toEqual([
      ['confirmRecoveryCode', { code: `${normal.slice(0, 5)}-${normal.slice(5)}` }],
    ]);
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    expect(after.error?.code).toBe('TIMEOUT');
    return void expect(after.step).toBe(before.step === 'signingIn' ? 'enteringCredentials' : 'awaitingCode');
  }
  if (o?.actor === 'startRecoverySignIn') {
    if (o.kind === 'done') return void expect([after.step, after.error]).toEqual(['awaitingCode', null]);
    expect(after.step).toBe('enteringCredentials');
    return void expect(after.error?.code).toBe(errorName(event) === 'NotAuthorizedException' ? 'WRONG_CREDENTIALS' : 'NETWORK');
  }
  if (o?.actor === 'confirmRecoveryCode') {
    if (o.kind === 'done') return void expect(after.step).toBe('signedIn');
    // A wrong or used code: the same sign-in takes another, one try fewer. A lockout or anything else: back to the password.
    const name = errorName(event);
    if (refused) {
      const code =
        name === 'RecoveryCodeUsedException' ? 'RECOVERY_CODE_USED' : tries.left === 1 ? 'RECOVERY_LAST_ATTEMPT' : 'RECOVERY_CODE_WRONG';
      expect([after.step, after.error?.code, after.error?.field]).toEqual(['awaitingCode', code, 'code']);
      return void expect(after.step === 'awaitingCode' && after.attemptsLeft).toBe(tries.left);
    }
    expect(after.step).toBe('enteringCredentials');
    return void expect(after.error?.code).toBe(name === 'NotAuthorizedException' ? 'RECOVERY_LOCKED_OUT' : 'NETWORK');
  }
  throw new Error(`no spec for ${event.type}`);
}

describe('recoveryCodes: generated paths on fakes', () => {
  const recorder = new CoverageRecorder();
  for (const path of cataloguePaths('recoveryCodes')) {
    it(`recoveryCodes ${path.id}: ${path.title}${path.variant ? ` [${path.variant}]` : ''}`, async () => {
      const input = (path.input ?? {}) as RecoveryCodesInput;
      await walk(path, {
        machine: recoveryCodesMachine,
        input: () => ({ ...input, callTimeoutMs: CALL_TIMEOUT }),
        delays: { callTimeout: CALL_TIMEOUT },
        view: connectRecoveryCodes as never,
        check: (s) => checkCodesStep(s as never, input),
        label: recoveryCodes.label,
        recorder,
      });
    });
  }
  it('the walks took every transition and entered every state', () => {
    const coverage = recorder.report(recoveryCodes.model.machine as AnyStateMachine);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
  });
});

describe('recoverySignIn: generated paths on fakes', () => {
  const recorder = new CoverageRecorder();
  for (const path of cataloguePaths('recoverySignIn')) {
    it(`recoverySignIn ${path.id}: ${path.title}`, async () => {
      const tries = { left: MAX_ATTEMPTS };
      await walk(path, {
        machine: recoverySignInMachine,
        input: () => ({ username: 'user@example.com', callTimeoutMs: CALL_TIMEOUT }),
        delays: { callTimeout: CALL_TIMEOUT },
        view: connectRecoverySignIn as never,
        check: (s) => checkSignInStep(s as never, tries),
        label: recoverySignIn.label,
        recorder,
      });
    });
  }
  it('the walks took every transition and entered every state', () => {
    const coverage = recorder.report(recoverySignIn.model.machine as AnyStateMachine);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
  });
});
