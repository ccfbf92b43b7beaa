import type { AnyActorRef, SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, PropTypes } from '../shared/props.js';
import { activeStateIds } from '../shared/types.js';
import type { PasskeyError, PasskeysError } from './passkeys.errors.js';
import { passkeyError } from './passkeys.errors.js';
import type { PasskeysMachine } from './passkeys.machine.js';
import { PASSKEY_LIMIT } from './passkeys.machine.js';
import type { Passkey, PasskeysEvent } from './passkeys.types.js';

export type PasskeysSnapshot = SnapshotFrom<PasskeysMachine>;

/** The screens of the passkeys panel; the names are the machine's own states. */
export type PasskeysViewStep =
  | 'loading'
  | 'loadFailed'
  | 'ready'
  | 'adding'
  | 'confirmingDelete'
  | 'checkingSignIn'
  | 'reauthenticating'
  | 'deleting'
  /** The session ended elsewhere on the page; `error` says so (SIGNED_OUT). */
  | 'signedOut';

/** A listed passkey with its delete action. */
export interface PasskeyItem<T extends PropTypes = DomPropTypes> extends Passkey {
  /** Asks to delete it (a confirmation step follows). */
  remove(): void;
  getDeleteButtonProps(): T['button'];
}

/** What each step has besides `step`, `busy`, `error`, `activeStates`, `getErrorProps` and `passkeys`. */
export interface PasskeysSteps<T extends PropTypes = DomPropTypes> {
  /** Stops waiting (after which the list can be read again). */
  loading: { cancel(): void };
  loadFailed: { reload(): void };
  ready: {
    readonly items: readonly PasskeyItem<T>[];
    /** Whether adding a passkey is offered now. */
    readonly canAdd: boolean;
    /** Why not, when it is not: PASSKEY_UNSUPPORTED (this browser or page) or PASSKEY_LIMIT (20 already). */
    readonly addBlockedBy: PasskeyError | null;
    addPasskey(): void;
    /** Disabled, with `addBlockedBy` to say why, when adding is not offered. */
    getAddButtonProps(): T['button'];
    deletePasskey(id: string): void;
    reload(): void;
  };
  /** The browser's prompt is open. Cancel stops waiting and reads the list again (the prompt may still finish). */
  adding: { cancel(): void };
  /** "Delete <name>?": the passkey is named; cancel goes back to the list with nothing deleted. */
  confirmingDelete: {
    readonly passkey: Passkey;
    confirmDelete(): void;
    getConfirmButtonProps(): T['button'];
    cancel(): void;
    getCancelButtonProps(): T['button'];
  };
  /** The delete waits while the last sign-in's age is read; cancel goes back to the list with nothing deleted. */
  checkingSignIn: { readonly passkey: Passkey; cancel(): void };
  /**
   * The last sign-in is too old for deleting `passkey`: the user signs in again as `username` (not editable).
   * `reauthentication` is the running sign-in flow: draw it with `connectSignIn` (from the root or `./machines`), whose
   * credentials step is answered with `submitPassword`. `cancel` gives up: nothing is deleted, and `error` says so.
   */
  reauthenticating: {
    readonly passkey: Passkey;
    readonly username: string;
    /** The sign-in flow, while the user signs in; null while the new session is being taken on. */
    readonly reauthentication: AnyActorRef | null;
    /** Sends the password for `username` to the sign-in flow (its credentials step). */
    submitPassword(password: string): void;
    cancel(): void;
  };
  /** Cancel stops waiting and reads the list again (the passkey may be gone or not). */
  deleting: { readonly passkey: Passkey; cancel(): void };
  signedOut: Record<never, never>;
}

type Flat<X> = X extends infer O ? { readonly [K in keyof O]: O[K] } : never;

/** What every step has. */
export interface PasskeysViewBase<T extends PropTypes = DomPropTypes> {
  /** A call is in flight: buttons that start one are disabled. */
  readonly busy: boolean;
  /** A passkey error (PASSKEY_*) or any call's (network, timeout, signed out); translate by `code`. */
  readonly error: PasskeysError | null;
  /** What Cognito listed last (empty until it has answered); never a passkey it did not list. */
  readonly passkeys: readonly Passkey[];
  readonly activeStates: readonly string[];
  getErrorProps(): T['error'];
}

/** The passkeys view: a union on `step` (see `SignInView`). */
export type PasskeysView<S extends PasskeysViewStep = PasskeysViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: Flat<{ readonly step: K } & PasskeysViewBase<T> & PasskeysSteps<T>[K]>;
}[S];

const STEPS = [
  'loading',
  'loadFailed',
  'ready',
  'adding',
  'confirmingDelete',
  'checkingSignIn',
  'reauthenticating',
  'deleting',
  'signedOut',
] as const;

export function connectPasskeys<T extends PropTypes = DomPropTypes>(
  snapshot: PasskeysSnapshot,
  send: (event: PasskeysEvent) => void,
  options?: ConnectOptions<T>,
): PasskeysView<PasskeysViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, 'passkeys', busy, null);
  const passkeys = c.passkeys ?? [];
  const base = { busy, error: c.error, passkeys, activeStates: activeStateIds('passkeys', snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const step = STEPS.find((s) => snapshot.matches(s)) ?? 'loading';
  // The chosen passkey is in context on these steps; the list's copy stands in should it not be.
  const selected = (): Passkey => c.selected ?? { id: '', name: '', relyingPartyId: '', createdAt: null, attachment: null };
  switch (step) {
    case 'loading':
      return { step, ...base, cancel };
    case 'loadFailed':
      return { step, ...base, reload: () => send({ type: 'PASSKEYS.RELOAD' }) };
    case 'ready': {
      const addBlockedBy = !c.supported
        ? passkeyError('PASSKEY_UNSUPPORTED')
        : passkeys.length >= PASSKEY_LIMIT
          ? passkeyError('PASSKEY_LIMIT')
          : null;
      const deletePasskey = (id: string) => send({ type: 'PASSKEY.DELETE', id });
      return {
        step,
        ...base,
        items: passkeys.map((p) => ({ ...p, remove: () => deletePasskey(p.id), getDeleteButtonProps: () => props.button() })),
        canAdd: addBlockedBy === null,
        addBlockedBy,
        addPasskey: () => send({ type: 'PASSKEY.ADD' }),
        getAddButtonProps: () => props.button(addBlockedBy !== null),
        deletePasskey,
        reload: () => send({ type: 'PASSKEYS.RELOAD' }),
      };
    }
    case 'adding':
      return { step, ...base, cancel };
    case 'confirmingDelete':
      return {
        step,
        ...base,
        passkey: selected(),
        confirmDelete: () => send({ type: 'PASSKEY.DELETE_CONFIRM' }),
        getConfirmButtonProps: () => props.button(),
        cancel,
        getCancelButtonProps: () => props.button(),
      };
    case 'reauthenticating': {
      const flow = (snapshot.children.reauthenticate as AnyActorRef | undefined) ?? null;
      const username = c.signIn?.loginId ?? '';
      return {
        step,
        ...base,
        passkey: selected(),
        username,
        reauthentication: flow,
        submitPassword: (password) => flow?.send({ type: 'CREDENTIALS.SUBMIT', username, password }),
        cancel,
      };
    }
    case 'checkingSignIn':
    case 'deleting':
      return { step, ...base, passkey: selected(), cancel };
    case 'signedOut':
      return { step, ...base };
  }
}
