import type { SnapshotFrom } from 'xstate';
import { domNormalizer, propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, FormGetters, NormalizeProps, PropTypes, StepView } from '../shared/props.js';
import { activeStateIds } from '../shared/types.js';
import type { RecoveryCodesMachine } from './recoveryCodes.machine.js';
import type { RecoverySignInMachine } from './recoverySignIn.machine.js';
import type { RecoveryCodesEvent, RecoverySignInEvent } from './recovery.types.js';

export type RecoveryCodesSnapshot = SnapshotFrom<RecoveryCodesMachine>;
export type RecoverySignInSnapshot = SnapshotFrom<RecoverySignInMachine>;

export type RecoveryCodesViewStep =
  | 'idle'
  | 'warning'
  | 'enteringPassword'
  | 'generating'
  | 'showing'
  | 'saving'
  | 'discarding'
  | 'saved'
  | 'cancelled'
  | 'signedOut';

type PasswordForm<T extends PropTypes> = FormGetters<'password', T> & { cancel(): void };

/** What each step has besides `step`, `busy`, `error`, `activeStates` and `getErrorProps`. */
export interface RecoveryCodesSteps<T extends PropTypes = DomPropTypes> {
  idle: { readonly hasCodes: boolean; start(): void; cancel(): void };
  /** Making a new set voids every old code: say so before going on. */
  warning: { replace(): void; cancel(): void };
  enteringPassword: PasswordForm<T> & { submitPassword(password: string): void };
  generating: FormGetters<'password', T>;
  /** The codes, shown once: show them all, with a way to copy or print them, and "I saved them". */
  showing: { readonly codes: readonly string[]; confirmSaved(): void; cancel(): void; getSavedButtonProps(): T['button'] };
  saving: { readonly codes: readonly string[]; getSavedButtonProps(): T['button'] };
  discarding: Record<never, never>;
  saved: Record<never, never>;
  cancelled: Record<never, never>;
  signedOut: Record<never, never>;
}

export type RecoveryCodesView<S extends RecoveryCodesViewStep = RecoveryCodesViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, RecoveryCodesSteps<T>[K], T>;
}[S];

function codesStepOf(s: RecoveryCodesSnapshot): RecoveryCodesViewStep {
  if (s.matches({ showing: 'saving' })) return 'saving';
  for (const step of [
    'showing',
    'idle',
    'warning',
    'enteringPassword',
    'generating',
    'discarding',
    'saved',
    'cancelled',
    'signedOut',
  ] as const)
    if (s.matches(step)) return step;
  return 'idle';
}

export function connectRecoveryCodes<T extends PropTypes = DomPropTypes>(
  snapshot: RecoveryCodesSnapshot,
  send: (event: RecoveryCodesEvent) => void,
  options?: ConnectOptions<T>,
): RecoveryCodesView<RecoveryCodesViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, 'recoveryCodes', busy, c.error);
  const base = { busy, error: c.error, activeStates: activeStateIds('recoveryCodes', snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const passwordForm = () => ({ ...props.form('password'), cancel });
  const step = codesStepOf(snapshot);
  switch (step) {
    case 'idle':
      return { step, ...base, hasCodes: c.hasCodes, start: () => send({ type: 'CODES.START' }), cancel };
    case 'warning':
      return { step, ...base, replace: () => send({ type: 'CODES.REPLACE' }), cancel };
    case 'enteringPassword':
      return { step, ...base, ...passwordForm(), submitPassword: (password) => send({ type: 'PASSWORD.SUBMIT', password }) };
    case 'generating':
      return { step, ...base, ...props.form('password') };
    case 'showing':
      return {
        step,
        ...base,
        codes: c.codes,
        confirmSaved: () => send({ type: 'CODES.SAVED' }),
        cancel,
        getSavedButtonProps: () => props.button(),
      };
    case 'saving':
      return { step, ...base, codes: c.codes, getSavedButtonProps: () => props.button(true) };
    case 'discarding':
    case 'saved':
    case 'cancelled':
    case 'signedOut':
      return { step, ...base };
  }
}

export type RecoverySignInViewStep = 'enteringCredentials' | 'signingIn' | 'awaitingCode' | 'verifyingCode' | 'signedIn' | 'cancelled';

type CredentialsForm<T extends PropTypes> = FormGetters<'username' | 'password', T> & {
  readonly values: { readonly username: string };
  cancel(): void;
};
/** The recovery-code form: letters and digits, so not the numeric one-time-code input of the MFA steps. */
type RecoveryCodeForm<T extends PropTypes> = {
  getCodeInputProps(): T['input'];
  getCodeLabelProps(): T['label'];
  getSubmitButtonProps(): T['button'];
  readonly username: string;
  readonly values: { readonly code: string };
  /** Codes this sign-in may still try before the lockout (each wrong or used code takes one). */
  readonly attemptsLeft: number;
  cancel(): void;
};

export interface RecoverySignInSteps<T extends PropTypes = DomPropTypes> {
  enteringCredentials: CredentialsForm<T> & { submitCredentials(username: string, password: string): void };
  signingIn: CredentialsForm<T>;
  awaitingCode: RecoveryCodeForm<T> & { submitCode(code: string): void };
  verifyingCode: RecoveryCodeForm<T>;
  signedIn: { readonly username: string };
  cancelled: Record<never, never>;
}

export type RecoverySignInView<S extends RecoverySignInViewStep = RecoverySignInViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, RecoverySignInSteps<T>[K], T>;
}[S];

export function connectRecoverySignIn<T extends PropTypes = DomPropTypes>(
  snapshot: RecoverySignInSnapshot,
  send: (event: RecoverySignInEvent) => void,
  options?: ConnectOptions<T>,
): RecoverySignInView<RecoverySignInViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, 'recoverySignIn', busy, c.error);
  const base = { busy, error: c.error, activeStates: activeStateIds('recoverySignIn', snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const id = options?.id ?? 'recoverySignIn';
  const normalize = (options?.normalize ?? domNormalizer) as NormalizeProps<T>;
  const invalid = c.error !== null && c.error.field === 'code';
  const codeForm = () => ({
    getCodeInputProps: () =>
      normalize.input({
        id: `${id}-code`,
        name: 'code',
        type: 'text',
        autocomplete: 'off',
        inputmode: 'text',
        maxlength: 40,
        required: true,
        disabled: busy,
        'aria-invalid': invalid,
        ...(invalid ? { 'aria-describedby': `${id}-error` } : {}),
      }),
    getCodeLabelProps: () => normalize.label({ id: `${id}-code-label`, for: `${id}-code` }),
    getSubmitButtonProps: props.form('code').getSubmitButtonProps,
    username: c.username,
    values: { code: c.code },
    attemptsLeft: c.attemptsLeft,
    cancel,
  });
  const credentialsForm = () => ({ ...props.form('username', 'password'), values: { username: c.username }, cancel });
  const step = (['enteringCredentials', 'signingIn', 'awaitingCode', 'verifyingCode', 'signedIn', 'cancelled'] as const).find((s) =>
    snapshot.matches(s),
  ) as RecoverySignInViewStep;
  switch (step) {
    case 'enteringCredentials':
      return {
        step,
        ...base,
        ...credentialsForm(),
        submitCredentials: (username, password) => send({ type: 'CREDENTIALS.SUBMIT', username, password }),
      };
    case 'signingIn':
      return { step, ...base, ...credentialsForm() };
    case 'awaitingCode':
      return { step, ...base, ...codeForm(), submitCode: (code) => send({ type: 'CODE.SUBMIT', code }) };
    case 'verifyingCode':
      return { step, ...base, ...codeForm() };
    case 'signedIn':
      return { step, ...base, username: c.username };
    case 'cancelled':
      return { step, ...base };
  }
}
