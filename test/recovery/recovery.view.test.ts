import { describe, expect, it } from 'vitest';
import { connectRecoveryCodes, connectRecoverySignIn } from '../../machines/recovery/recovery.view.js';
import type { RecoveryCodesSnapshot, RecoverySignInSnapshot } from '../../machines/recovery/recovery.view.js';
import { handSnapshot } from '../support/handSnapshot.js';
import type { RecoveryCodesContext, RecoverySignInContext } from '../../machines/recovery/recovery.types.js';

// The recovery views (machines/recovery/recovery.view.ts) on snapshots made by hand, one per step: what each step
// lets a screen do and what its controls are, apart from the machines' walks (recovery.paths.test.ts).
const at = <S>(value: string | Record<string, string>, context: object, busy = false): S => handSnapshot<S>(value, context, { busy });

const CODES = ['abcde-23456', 'fghij-78923'];
const codesContext = (extra: Partial<RecoveryCodesContext> = {}): RecoveryCodesContext => ({
  callTimeoutMs: 30_000,
  hasCodes: true,
  password: '',
  codes: CODES,
  error: null,
  status: 'working',
  ...extra,
});

describe('connectRecoveryCodes', () => {
  it('showing: the codes, once, with an enabled "I saved them" button', () => {
    const sent: unknown[] = [];
    const view = connectRecoveryCodes(at<RecoveryCodesSnapshot>({ showing: 'viewing' }, codesContext()), (e) => sent.push(e));
    if (view.step !== 'showing') throw new Error(view.step);
    expect(view.codes).toEqual(CODES);
    expect(view.getSavedButtonProps()).toEqual({ type: 'button', disabled: false });
    view.confirmSaved();
    expect(sent).toEqual([{ type: 'CODES.SAVED' }]);
  });

  it('saving: the codes stay on screen, the button disabled, and nothing to confirm or cancel', () => {
    const view = connectRecoveryCodes(at<RecoveryCodesSnapshot>({ showing: 'saving' }, codesContext(), true), () => {});
    if (view.step !== 'saving') throw new Error(view.step);
    expect(view.codes).toEqual(CODES);
    expect(view.getSavedButtonProps()).toEqual({ type: 'button', disabled: true });
    expect(view).not.toHaveProperty('confirmSaved');
    expect(view).not.toHaveProperty('cancel');
  });

  it('saving while not busy still disables the button: the codes are being saved', () => {
    const view = connectRecoveryCodes(at<RecoveryCodesSnapshot>({ showing: 'saving' }, codesContext()), () => {});
    if (view.step !== 'saving') throw new Error(view.step);
    expect(view.getSavedButtonProps()).toEqual({ type: 'button', disabled: true });
  });
});

const signInContext = (extra: Partial<RecoverySignInContext> = {}): RecoverySignInContext => ({
  callTimeoutMs: 30_000,
  maxAttempts: 5,
  attemptsLeft: 4,
  username: 'pat@example.com',
  password: '',
  code: 'abcde-23456',
  error: null,
  status: 'working',
  ...extra,
});

describe('connectRecoverySignIn', () => {
  it('awaitingCode: a text input named code, labelled by its own label, with what was typed', () => {
    const sent: unknown[] = [];
    const view = connectRecoverySignIn(at<RecoverySignInSnapshot>('awaitingCode', signInContext()), (e) => sent.push(e), { id: 'rs' });
    if (view.step !== 'awaitingCode') throw new Error(view.step);
    expect(view.getCodeInputProps()).toMatchObject({ id: 'rs-code', name: 'code', type: 'text', 'aria-invalid': false });
    expect(view.getCodeLabelProps()).toEqual({ id: 'rs-code-label', for: 'rs-code' });
    expect(view.values).toEqual({ code: 'abcde-23456' });
    expect(view.attemptsLeft).toBe(4);
    view.submitCode('fghij-78923');
    expect(sent).toEqual([{ type: 'CODE.SUBMIT', code: 'fghij-78923' }]);
  });

  it('signedIn: who signed in, and no form left', () => {
    const view = connectRecoverySignIn(at<RecoverySignInSnapshot>('signedIn', signInContext({ status: 'signedIn' })), () => {});
    if (view.step !== 'signedIn') throw new Error(view.step);
    expect(view.username).toBe('pat@example.com');
    expect(view).not.toHaveProperty('cancel');
    expect(view).not.toHaveProperty('getCodeInputProps');
  });
});
