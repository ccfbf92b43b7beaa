import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { ButtonProps, ErrorProps, InputProps, LabelProps, NormalizeProps, PropTypes } from '../../machines/shared/props.js';
import { LIMITS } from '../../machines/shared/validation.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';
import { SCOPED, SUBJECTS } from '../support/viewWalk.js';
import type { AnyView } from '../support/viewWalk.js';

// The prop getters, checked at every snapshot the generated paths visit: ids
// unique and linked, the error linked to the input it is about and to no
// other, the attributes each kind of input needs, everything disabled while a
// call is in flight. Then the options: ids from `id`, spelling from `normalize`.

/** What each input must say, from the issue: autocomplete, inputmode, maxlength from LIMITS. */
const EXPECTED: Readonly<Record<string, Partial<InputProps>>> = {
  username: { type: 'email', autocomplete: 'username', maxlength: LIMITS.username },
  password: { type: 'password', autocomplete: 'current-password', maxlength: LIMITS.password },
  newPassword: { type: 'password', autocomplete: 'new-password', maxlength: LIMITS.password },
  code: { type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: LIMITS.code },
  email: { type: 'email', autocomplete: 'email', maxlength: LIMITS.username },
  phone: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: LIMITS.phone },
  // A custom challenge's answer: free text, nothing for the browser to fill in, as long as Cognito takes.
  answer: { type: 'text', autocomplete: 'off', maxlength: 2048 },
};

/** A recovery code has letters: a text keyboard, no one-time-code autofill (it never arrives by SMS), its own length. */
const EXPECTED_IN: Readonly<Record<string, Readonly<Record<string, Partial<InputProps>>>>> = {
  recoverySignIn: { code: { type: 'text', autocomplete: 'off', inputmode: 'text', maxlength: 40 } },
};

/** The input an error is about: its own field, or for Cognito's errors (which name none) the input they concern. */
function errorAbout(flow: string, error: { code: string; field?: string } | null): string | undefined {
  if (!error) return undefined;
  if (error.field) return error.field;
  if (error.code === 'WRONG_CODE' || error.code === 'CODE_EXPIRED') return 'code';
  if (error.code === 'INVALID_PASSWORD') return 'newPassword';
  if (flow.endsWith('phoneVerification') && ['ALIAS_EXISTS', 'CODE_DELIVERY_FAILED', 'INVALID_PARAMETER'].includes(error.code))
    return 'phone';
  return undefined;
}

/** The inputs each step's form has, from the screens; a step not listed has none. */
const FORMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  signIn: {
    credentials: ['password', 'username'],
    signingIn: ['password', 'username'],
    forgotPassword: ['username'],
    totpCode: ['code'],
    smsCode: ['code'],
    emailCode: ['code'],
    totpSetup: ['code'],
    confirmSignUp: ['code'],
    resetPassword: ['code', 'newPassword'],
    emailSetup: ['email'],
    newPassword: ['newPassword'],
  },
  totpEnrollment: { awaitingCode: ['code'], verifying: ['code'] },
  passwordlessSignIn: {
    credentials: ['password', 'username'],
    signingIn: ['password', 'username'],
    forgotPassword: ['username'],
    totpCode: ['code'],
    smsCode: ['code'],
    emailCode: ['code'],
    totpSetup: ['code'],
    confirmSignUp: ['code'],
    resetPassword: ['code', 'newPassword'],
    emailSetup: ['email'],
    newPassword: ['newPassword'],
    password: ['password'],
    customChallenge: ['answer'],
  },
  phoneVerification: {
    enteringPhone: ['phone'],
    updatingPhone: ['phone'],
    sendingCode: ['code'],
    awaitingCode: ['code'],
    confirming: ['code'],
  },
  mfaSettings: {},
  recoveryCodes: { enteringPassword: ['password'], generating: ['password'] },
  recoverySignIn: {
    enteringCredentials: ['password', 'username'],
    signingIn: ['password', 'username'],
    awaitingCode: ['code'],
    verifyingCode: ['code'],
  },
};

/** What a step shows back of what was typed, by the context field it comes from. */
const VALUES: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  signIn: {
    credentials: { username: 'username' },
    signingIn: { username: 'username' },
    forgotPassword: { username: 'username' },
    otherUserSignedIn: { username: 'username' },
    totpCode: { code: 'code' },
    smsCode: { code: 'code' },
    emailCode: { code: 'code' },
    totpSetup: { code: 'code' },
    confirmSignUp: { code: 'code' },
    resetPassword: { code: 'code' },
    emailSetup: { email: 'email' },
  },
  totpEnrollment: { awaitingCode: { code: 'code' }, verifying: { code: 'code' } },
  passwordlessSignIn: {
    credentials: { username: 'username' },
    signingIn: { username: 'username' },
    forgotPassword: { username: 'username' },
    otherUserSignedIn: { username: 'username' },
    totpCode: { code: 'code' },
    smsCode: { code: 'code' },
    emailCode: { code: 'code' },
    totpSetup: { code: 'code' },
    confirmSignUp: { code: 'code' },
    resetPassword: { code: 'code' },
    emailSetup: { email: 'email' },
    customChallenge: { answer: 'answer' },
  },
  phoneVerification: {
    enteringPhone: { phone: 'phoneInput' },
    updatingPhone: { phone: 'phoneInput' },
    sendingCode: { code: 'code' },
    awaitingCode: { code: 'code' },
    confirming: { code: 'code' },
  },
  mfaSettings: {},
  recoveryCodes: {},
  recoverySignIn: {
    enteringCredentials: { username: 'username' },
    signingIn: { username: 'username' },
    awaitingCode: { code: 'code' },
    verifyingCode: { code: 'code' },
  },
};

/** The ids of every state node the snapshot is in but the root, as XState names them. */
function activeIds(snapshot: unknown): string[] {
  return (snapshot as { _nodes: { id: string; parent?: unknown }[] })._nodes.filter((n) => n.parent).map((n) => n.id);
}

/** The inputs, what is shown back and the active states of one seen snapshot, against the lists above. */
function checkContent(flow: string, view: AnyView, context: Record<string, unknown>, snapshot: unknown): void {
  const where = `${flow} ${view.step}`;
  const fields = Object.keys(view).flatMap((k) => {
    const m = /^get(\w*)InputProps$/.exec(k);
    return m ? [m[1]!.charAt(0).toLowerCase() + m[1]!.slice(1)] : [];
  });
  expect(fields.sort(), `${where}: the form's inputs`).toEqual([...(FORMS[flow]?.[view.step] ?? [])]);
  const values = VALUES[flow]?.[view.step];
  expect(view.values, `${where}: what is shown back`).toEqual(
    values ? Object.fromEntries(Object.entries(values).map(([k, from]) => [k, context[from]])) : undefined,
  );
  expect([...(view.activeStates as string[])].sort(), `${where}: active states`).toEqual(activeIds(snapshot).sort());
}

const seenFields = new Map<string, number>();
const seenCases = new Set<string>();

/** Checks one view's getters (and those of a flow it embeds); returns the ids it hands out. */
function checkView(flow: string, idPrefix: string, view: AnyView): string[] {
  const where = `${flow} ${view.step}`;
  const call = <P>(name: string, ...args: unknown[]) => (view[name] as (...a: unknown[]) => P)(...args);
  const error = view.error as { code: string; field?: string } | null;
  const errorProps = call<ErrorProps>('getErrorProps');
  expect(errorProps, `${where}: the error element`).toEqual({ id: `${idPrefix}-error`, role: 'alert', 'aria-live': 'assertive' });
  const ids = [errorProps.id];
  const about = errorAbout(flow, error);
  for (const key of Object.keys(view)) {
    const m = /^get(\w+)InputProps$/.exec(key);
    if (!m) continue;
    const field = m[1]!.charAt(0).toLowerCase() + m[1]!.slice(1);
    const input = call<InputProps>(key);
    const label = call<LabelProps>(`get${m[1]}LabelProps`);
    seenFields.set(field, (seenFields.get(field) ?? 0) + 1);
    expect(input, `${where}: ${field} input`).toMatchObject({
      ...(EXPECTED_IN[flow]?.[field] ?? EXPECTED[field]),
      name: field,
      required: true,
    });
    expect(input.id.startsWith(`${idPrefix}-`), `${where}: ${field} id under ${idPrefix}`).toBe(true);
    expect(label.for, `${where}: the ${field} label is for its input`).toBe(input.id);
    ids.push(input.id, label.id);
    expect(input.disabled, `${where}: ${field} disabled exactly while busy`).toBe(view.busy);
    expect(input['aria-invalid'], `${where}: ${field} invalid exactly while the error is about it`).toBe(about === field);
    expect(input['aria-describedby'], `${where}: ${field} described by the error exactly while it is about it`).toBe(
      about === field ? errorProps.id : undefined,
    );
    if (about === field) seenCases.add(`linked ${field}`);
    if (error && about !== field) seenCases.add('error about something else');
    if (view.busy) seenCases.add('busy input');
  }
  expect(new Set(ids).size, `${where}: ids are unique (${ids.join(', ')})`).toBe(ids.length);
  if ('getSubmitButtonProps' in view) {
    expect(call<ButtonProps>('getSubmitButtonProps'), `${where}: submit`).toMatchObject({ type: 'submit', disabled: view.busy });
  }
  if ('getResendButtonProps' in view) {
    expect(call<ButtonProps>('getResendButtonProps'), `${where}: resend`).toEqual({
      type: 'button',
      disabled: view.busy || view.canResend !== true,
    });
    seenCases.add(`resend ${view.canResend}`);
  }
  if ('getFactorButtonProps' in view) {
    for (const factor of view.availableChallenges as string[])
      expect(call<ButtonProps>('getFactorButtonProps', factor)).toEqual({ type: 'button', disabled: view.busy });
  }
  if ('getMethodButtonProps' in view) {
    for (const method of view.allowedMethods as string[])
      expect(call<ButtonProps>('getMethodButtonProps', method)).toEqual({ type: 'button', disabled: view.busy });
  }
  // An embedded flow's ids sit under the page's.
  for (const child of ['totpEnrollment', 'phoneVerification']) {
    if (child in view) ids.push(...checkView(`${flow}.${child}`, `${idPrefix}-${child}`, view[child] as AnyView));
  }
  expect(new Set(ids).size, `${where}: ids are unique with the embedded flow's`).toBe(ids.length);
  return ids;
}

describe('prop getters at every snapshot of the generated paths', () => {
  for (const subject of SUBJECTS) {
    it(subject.name, async () => {
      for (const path of subject.paths) {
        await subject.walk(path, (seen) => {
          checkView(subject.name, subject.name, seen.view);
          checkContent(subject.name, seen.view, seen.snapshot.context as Record<string, unknown>, seen.snapshot);
        });
      }
    });
  }

  it.skipIf(SCOPED)('saw every kind of input, an error linked to its input, another not, and inputs disabled while busy', () => {
    expect([...seenFields.keys()].sort()).toEqual(['answer', 'code', 'email', 'newPassword', 'password', 'phone', 'username']);
    expect([...seenCases].sort()).toEqual(
      expect.arrayContaining([
        'busy input',
        'error about something else',
        'linked code',
        'linked phone',
        'linked username',
        'resend false',
        'resend true',
      ]),
    );
  });
});

interface Tagged extends PropTypes {
  readonly input: { readonly kind: 'input'; readonly props: InputProps };
  readonly label: { readonly kind: 'label'; readonly props: LabelProps };
  readonly button: { readonly kind: 'button'; readonly props: ButtonProps };
  readonly error: { readonly kind: 'error'; readonly props: ErrorProps };
}
const tagged: NormalizeProps<Tagged> = {
  input: (props) => ({ kind: 'input', props }),
  label: (props) => ({ kind: 'label', props }),
  button: (props) => ({ kind: 'button', props }),
  error: (props) => ({ kind: 'error', props }),
};

async function signInAtTotpCode() {
  const fakes = new FakeActors();
  const actor = createActor(signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) }), {
    input: { authFlowType: 'USER_PASSWORD_AUTH' },
  }).start();
  fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
  await settle();
  at(connectSignIn(actor.getSnapshot(), actor.send), 'credentials').submitCredentials('pat@example.com', 'Correct-h0rse!');
  fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
  await settle();
  return { actor, fakes };
}

describe('prop getter options', () => {
  it('derives every id from options.id, and from the machine id without it', async () => {
    const { actor } = await signInAtTotpCode();
    const named = at(connectSignIn(actor.getSnapshot(), actor.send, { id: 'login' }), 'totpCode');
    expect(named.getCodeInputProps().id).toBe('login-code');
    expect(named.getCodeLabelProps()).toEqual({ id: 'login-code-label', for: 'login-code' });
    expect(named.getErrorProps().id).toBe('login-error');
    expect(at(connectSignIn(actor.getSnapshot(), actor.send), 'totpCode').getCodeInputProps().id).toBe('signIn-code');
    actor.stop();
  });

  it('links a wrong code from Cognito (which names no field) to the code input, and a new code unlinks it', async () => {
    const { actor, fakes } = await signInAtTotpCode();
    at(connectSignIn(actor.getSnapshot(), actor.send), 'totpCode').submitCode('123456');
    expect(at(connectSignIn(actor.getSnapshot(), actor.send), 'totpCode').getCodeInputProps()).toMatchObject({
      disabled: true,
      'aria-invalid': false,
    });
    fakes.pending('confirmSignIn').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code received for user' }));
    await settle();
    const wrong = at(connectSignIn(actor.getSnapshot(), actor.send), 'totpCode');
    expect(wrong.error).toMatchObject({ code: 'WRONG_CODE' });
    expect(wrong.error?.field).toBeUndefined();
    expect(wrong.getCodeInputProps()).toMatchObject({ disabled: false, 'aria-invalid': true, 'aria-describedby': 'signIn-error' });
    wrong.submitCode('654321');
    expect(at(connectSignIn(actor.getSnapshot(), actor.send), 'totpCode').getCodeInputProps()).not.toHaveProperty('aria-describedby');
    actor.stop();
  });

  it('spells every getter through options.normalize', async () => {
    const { actor } = await signInAtTotpCode();
    const view = at(connectSignIn(actor.getSnapshot(), actor.send, { normalize: tagged }), 'totpCode');
    expect(view.getCodeInputProps()).toMatchObject({
      kind: 'input',
      props: { id: 'signIn-code', autocomplete: 'one-time-code', inputmode: 'numeric' },
    });
    expect(view.getCodeLabelProps()).toEqual({ kind: 'label', props: { id: 'signIn-code-label', for: 'signIn-code' } });
    expect(view.getSubmitButtonProps()).toEqual({ kind: 'button', props: { type: 'submit', disabled: false } });
    expect(view.getErrorProps()).toEqual({ kind: 'error', props: { id: 'signIn-error', role: 'alert', 'aria-live': 'assertive' } });
    actor.stop();
  });

  it('passes the id and the normalizer on to the flows the settings page runs', async () => {
    const fakes = new FakeActors();
    const child = totpEnrollmentMachine.provide({ actors: fakes.actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']) });
    const machine = mfaSettingsMachine.provide({
      actors: {
        ...fakes.actors(['loadMfaStatus', 'updateMfaPreference']),
        totpEnrollment: child,
        phoneVerification: phoneVerificationMachine,
      },
    });
    const actor = createActor(machine, {
      input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
    }).start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(connectMfaSettings(actor.getSnapshot(), actor.send), 'ready').enroll('TOTP');
    fakes
      .pending('setUpTotp')
      .resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP&issuer=App' });
    await settle();
    fakes.pending('createQrCode').resolve('data:image/png;base64,xx');
    await settle();
    const page = at(connectMfaSettings(actor.getSnapshot(), actor.send, { id: 'settings', normalize: tagged }), 'enrollingTotp');
    const flow = at(page.totpEnrollment, 'awaitingCode');
    expect(flow.getCodeInputProps()).toMatchObject({ kind: 'input', props: { id: 'settings-totpEnrollment-code' } });
    expect(flow.getErrorProps().props.id).toBe('settings-totpEnrollment-error');
    expect(page.getErrorProps().props.id).toBe('settings-error');
    actor.stop();
  });

  it('shows Cognito refusing a number on the number input', async () => {
    const fakes = new FakeActors();
    const actor = createActor(
      phoneVerificationMachine.provide({ actors: fakes.actors(Object.keys(phoneVerificationMachine.implementations.actors)) }),
      { input: {} },
    ).start();
    at(connectPhoneVerification(actor.getSnapshot(), actor.send), 'enteringPhone').submitPhone('+1 555 010 0101');
    fakes
      .pending('updatePhone')
      .reject(namedError({ name: 'AliasExistsException', message: 'An account with the given phone_number already exists.' }));
    await settle();
    const view = at(connectPhoneVerification(actor.getSnapshot(), actor.send), 'enteringPhone');
    expect(view.getPhoneInputProps()).toMatchObject({ 'aria-invalid': true, 'aria-describedby': 'phoneVerification-error' });
    actor.stop();
  });
});
