import { describe, expect, it } from 'vitest';
import { inScope, SUBJECTS } from '../support/viewWalk.js';

// What each step of a view holds, member by member, written from the views' contract (the README's
// "MFA management" and the `*View` types), not read back from the code: at every snapshot the generated
// paths visit, the view of that step has exactly these members. A step that handed out another step's
// members (a `case` falling through, a step told for another) fails here, even where the actions
// themselves are excused (a call in flight offers none).

/** Every view, every step: what it is, whether a call is in flight, the error and its props, the state ids. */
const COMMON = ['step', 'busy', 'error', 'getErrorProps', 'activeStates'];
const CODE_FORM = ['values', 'getCodeInputProps', 'getCodeLabelProps', 'getSubmitButtonProps', 'cancel'];
const PHONE_FORM = ['values', 'getPhoneInputProps', 'getPhoneLabelProps', 'getSubmitButtonProps', 'cancel'];

const SHAPES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  totpEnrollment: {
    settingUp: ['totpSetup', 'cancel'],
    awaitingCode: ['totpSetup', 'attemptsLeft', ...CODE_FORM, 'submitCode'],
    verifying: ['totpSetup', 'attemptsLeft', ...CODE_FORM],
    setupFailed: ['retry', 'cancel'],
    tooManyAttempts: ['restart', 'cancel'],
    settingPreference: ['cancel'],
    preferenceFailed: ['retry', 'cancel'],
    enrolled: [],
    cancelled: [],
    signedOut: [],
  },
  phoneVerification: {
    enteringPhone: [...PHONE_FORM, 'submitPhone'],
    updatingPhone: PHONE_FORM,
    sendingCode: ['phone', 'codeDelivery', ...CODE_FORM],
    awaitingCode: [
      'phone',
      'codeDelivery',
      ...CODE_FORM,
      'submitCode',
      'resendAt',
      'canResend',
      'resendCode',
      'getResendButtonProps',
      'changePhone',
    ],
    confirming: ['phone', 'codeDelivery', ...CODE_FORM, 'resendAt', 'changePhone'],
    enablingSms: ['phone', 'cancel'],
    enableFailed: ['phone', 'retry', 'cancel'],
    verified: ['phone'],
    cancelled: [],
    signedOut: [],
  },
};

describe.each(Object.entries(SHAPES).filter(([name]) => inScope(name)))('%s: each step holds exactly its members', (name, shapes) => {
  const subject = SUBJECTS.find((s) => s.name === name);
  if (!subject) throw new Error(`no view walk for ${name}`);

  it('on every snapshot of every generated path, and every step is reached', async () => {
    const reached = new Set<string>();
    for (const path of subject.paths) {
      await subject.walk(path, ({ view }) => {
        const expected = shapes[view.step];
        expect(expected, `${path.id}: a step the contract does not name: ${view.step}`).toBeDefined();
        expect(Object.keys(view).sort(), `${path.id} at ${view.step}`).toEqual([...COMMON, ...(expected ?? [])].sort());
        reached.add(view.step);
      });
    }
    expect([...reached].sort()).toEqual(Object.keys(shapes).sort());
  });
});
