/** Traversal models of the two recovery-code flows (see model.ts). */
import { recoveryCodesMachine } from '../../machines/recovery/recoveryCodes.machine.js';
import { recoverySignInMachine } from '../../machines/recovery/recoverySignIn.machine.js';
import type { RecoveryCodesInput, RecoverySignInInput } from '../../machines/recovery/recovery.types.js';
import { defineModel } from './model.js';

const fail = (name: string, message: string, label: string, slug: string) => ({ value: { name, message }, label, slug });
const network = fail('NetworkError', 'A network error has occurred.', 'the network fails', 'network-error');
const wrongPassword = fail(
  'NotAuthorizedException',
  'Incorrect username or password.',
  'Cognito says the password is wrong',
  'wrong-password',
);

/** Ten codes as the triggers make them (samples: no real set). */
const SAMPLE_CODES = [
  'abcde-23456',
  'fghjk-23456',
  'mnpqr-23456',
  'stuvw-23456',
  'xyzab-23456',
  'cdefg-23456',
  'hjkmn-23456',
  'pqrst-23456',
  'uvwxy-23456',
  'zabcd-23456',
] as const;

const RECOVERY_CODES_INPUT: RecoveryCodesInput = {};

export const recoveryCodes = defineModel<RecoveryCodesInput>({
  machine: recoveryCodesMachine,
  input: RECOVERY_CODES_INPUT,
  userEvents: [
    { event: { type: 'CODES.START' }, label: 'ask for recovery codes', slug: 'start' },
    { event: { type: 'CODES.REPLACE' }, label: 'confirm that the old codes may stop working', slug: 'replace' },
    { event: { type: 'PASSWORD.SUBMIT', password: 'Correct-h0rse!' }, label: 'type the password', slug: 'password' },
    { event: { type: 'PASSWORD.SUBMIT', password: '' }, label: 'submit no password', slug: 'no-password' },
    { event: { type: 'CODES.SAVED' }, label: 'say the codes are saved', slug: 'saved' },
    { event: { type: 'FLOW.CANCEL' }, label: 'cancel', slug: 'cancel' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page', slug: 'hub-signed-out' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed', slug: 'session-lost' },
  ],
  outcomes: {
    startCodes: {
      done: [{ value: { codes: SAMPLE_CODES }, label: 'the triggers make ten codes', slug: 'codes' }],
      errors: [wrongPassword, network],
    },
    saveCodes: { done: [{ value: undefined, label: 'the triggers store the new set', slug: 'stored' }], errors: [network] },
    discardCodes: { done: [{ value: undefined, label: 'the shown set is dropped', slug: 'dropped' }], errors: [network] },
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: { label: 'the call does not answer in time', slug: 'timeout' } },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { status: unknown }).status]),
  variants: [
    { name: 'a user with no set yet', input: RECOVERY_CODES_INPUT, slug: '' },
    { name: 'a user who has a set', input: { hasCodes: true }, slug: 'has-codes' },
  ],
});

const RECOVERY_SIGN_IN_INPUT: RecoverySignInInput = { username: 'user@example.com' };

export const recoverySignIn = defineModel<RecoverySignInInput>({
  machine: recoverySignInMachine,
  input: RECOVERY_SIGN_IN_INPUT,
  userEvents: [
    {
      event: { type: 'CREDENTIALS.SUBMIT', username: 'user@example.com', password: 'Correct-h0rse!' },
      label: 'type the email and password',
      slug: 'credentials',
    },
    { event: { type: 'CREDENTIALS.SUBMIT', username: 'user@example.com', password: '' }, label: 'submit no password', slug: 'no-password' },
    { event: { type: 'CODE.SUBMIT', code: 'ABCDE 23456' }, label: 'type a recovery code', slug: 'code' },
    { event: { type: 'CODE.SUBMIT', code: '123456' }, label: 'type a 6-digit MFA code instead', slug: 'mfa-code' },
    { event: { type: 'FLOW.CANCEL' }, label: 'go back to the usual sign-in', slug: 'cancel' },
  ],
  outcomes: {
    startRecoverySignIn: {
      done: [{ value: undefined, label: 'Cognito asks for a recovery code', slug: 'asked' }],
      errors: [wrongPassword, network],
    },
    confirmRecoveryCode: {
      done: [{ value: undefined, label: 'the triggers accept the code', slug: 'accepted' }],
      errors: [
        fail('CodeMismatchException', 'Invalid recovery code.', 'the code is not one of the set', 'wrong'),
        fail('RecoveryCodeUsedException', 'This recovery code was already used.', 'the code was already used', 'used'),
        fail('NotAuthorizedException', 'Password attempts exceeded', 'the user is locked out', 'locked'),
        network,
      ],
    },
  },
  delays: { callTimeout: { label: 'the call does not answer in time', slug: 'timeout' } },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { status: unknown }).status]),
});
