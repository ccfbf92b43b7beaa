/**
 * The spec of the passkeys panel, per step, written from issue 11 (items 4
 * and 6) and issue 12 item 1, not from the machine: it imports no machine
 * code (types only). A panel that lists, adds and deletes passkeys, where the
 * list is only ever what Cognito last listed, a closed prompt leaves the list
 * as it was, and a delete names the passkey, asks first, and needs a sign-in
 * within 5 minutes (older: the user signs in again as themselves, and only
 * then is the passkey deleted, without asking again; a cancel or a failure
 * deletes nothing).
 */
import { expect } from 'vitest';
import type { Passkey } from '../../machines/passkeys/passkeys.types.js';
import type { WalkStep } from '../support/walk.js';

/** What the oracle reads from a view: plain members, whatever the step. */
export interface SeenView {
  readonly step: string;
  readonly busy: boolean;
  readonly error: { readonly code: string; readonly retryable: boolean } | null;
  readonly passkeys: readonly Passkey[];
  readonly [key: string]: unknown;
}

export interface PasskeysSpecInput {
  readonly supported: boolean;
}

/** The oracle's own memory of what Cognito listed last (the test keeps it across the steps of a path). */
export interface Memory {
  listed: readonly Passkey[] | null;
  /** Who the ID token said is signed in, when the delete was asked for. */
  signIn?: { readonly userId: string; readonly loginId?: string; readonly authTime?: number } | null;
}

/** Issue 12: a sensitive change needs a sign-in no older than 5 minutes (the default). */
const MAX_AUTH_AGE_MS = 5 * 60 * 1000;
const recentBy = (now: number, authTime: unknown) => typeof authTime === 'number' && now - authTime <= MAX_AUTH_AGE_MS;

const BUSY = new Set(['loading', 'adding', 'checkingSignIn', 'deleting']);
/** Steps on which the list is current (read and not changed since). */
const LISTED = new Set(['ready', 'adding', 'confirmingDelete', 'checkingSignIn', 'reauthenticating', 'deleting']);
const MAX = 20;

function outcome(event: { type: string }) {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (!m) return null;
  const e = event as unknown as { output: unknown; error: { name: string } };
  return { kind: m[1] as 'done' | 'error', src: m[2] ?? '', output: e.output, error: e.error };
}

const srcs = (s: WalkStep<SeenView, unknown>) => s.calls.map((c) => c.src);
const member = <T>(view: SeenView, key: string) => (key in view ? (view[key] as T) : undefined);

export function checkPasskeysStep(s: WalkStep<SeenView, unknown>, input: PasskeysSpecInput, memory: Memory): void {
  const { before, after, event } = s;
  const o = outcome(event);
  if (o?.src === 'listPasskeys' && o.kind === 'done') memory.listed = o.output as Passkey[];

  // Invariants on every step.
  // Signing in again is the user's to do (not busy), until the new session is being taken on.
  const adopting = after.step === 'reauthenticating' && member(after, 'reauthentication') === null;
  expect(after.busy, `busy on ${after.step}`).toBe(BUSY.has(after.step) || adopting);
  // The passkey to delete stays named through the confirmation, the sign-in check and the new sign-in.
  if (
    ['checkingSignIn', 'reauthenticating', 'deleting'].includes(after.step) &&
    ['confirmingDelete', 'checkingSignIn', 'reauthenticating'].includes(before.step)
  )
    expect(member<Passkey>(after, 'passkey')).toEqual(member<Passkey>(before, 'passkey'));
  // Nothing claims a passkey Cognito did not list: a list is shown only while current, and it is Cognito's.
  if (LISTED.has(after.step)) expect(after.passkeys).toEqual(memory.listed);
  else expect(after.passkeys).toEqual([]);
  if (after.step === 'ready') {
    const canAdd = input.supported && (memory.listed?.length ?? 0) < MAX;
    expect(member<boolean>(after, 'canAdd')).toBe(canAdd);
    expect(member<() => { disabled: boolean }>(after, 'getAddButtonProps')?.().disabled).toBe(!canAdd);
    expect(member<{ code: string } | null>(after, 'addBlockedBy')?.code ?? null).toBe(
      canAdd ? null : input.supported ? 'PASSKEY_LIMIT' : 'PASSKEY_UNSUPPORTED',
    );
  }
  // Every step but the end has a way on or back.
  if (after.step !== 'signedOut' && after.step !== 'ready') {
    expect(
      ['cancel', 'reload'].some((k) => typeof member(after, k) === 'function'),
      `a way back on ${after.step}`,
    ).toBe(true);
  }

  if (event.type === 'AUTH.SIGNED_OUT' || event.type === 'AUTH.SESSION_LOST') {
    expect(after.step).toBe('signedOut');
    expect(after.error?.code).toBe('SIGNED_OUT');
    return void expect(s.calls).toEqual([]);
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    expect(after.error?.code).toBe('TIMEOUT');
    expect(after.error?.retryable).toBe(true);
    // An unanswered read can be tried again; an add or a delete that did not answer may have happened: read the list.
    if (before.step === 'loading') return void expect([after.step, srcs(s)]).toEqual(['loadFailed', []]);
    // An unanswered sign-in check or session hand-over deletes nothing.
    if (before.step === 'checkingSignIn' || before.step === 'reauthenticating')
      return void expect([after.step, srcs(s)]).toEqual(['ready', []]);
    expect(['adding', 'deleting']).toContain(before.step);
    return void expect([after.step, srcs(s)]).toEqual(['loading', ['listPasskeys']]);
  }
  switch (event.type) {
    case 'PASSKEY.ADD': {
      expect(before.step).toBe('ready');
      if (!input.supported || (memory.listed?.length ?? 0) >= MAX) {
        expect(after.step).toBe('ready');
        expect(after.error?.code).toBe(input.supported ? 'PASSKEY_LIMIT' : 'PASSKEY_UNSUPPORTED');
        return void expect(s.calls).toEqual([]);
      }
      expect([after.step, after.error, srcs(s)]).toEqual(['adding', null, ['registerPasskey']]);
      return;
    }
    case 'PASSKEY.DELETE': {
      expect(before.step).toBe('ready');
      expect(s.calls).toEqual([]);
      const id = (event as { id?: unknown }).id;
      const target = memory.listed?.find((p) => p.id === id);
      if (!target) return void expect([after.step, after.error?.code]).toEqual(['ready', 'INVALID_EVENT']);
      // The confirmation names the passkey the user chose.
      expect(after.step).toBe('confirmingDelete');
      expect(member<Passkey>(after, 'passkey')).toEqual(target);
      return void expect(after.error).toBeNull();
    }
    case 'PASSKEY.DELETE_CONFIRM': {
      expect(before.step).toBe('confirmingDelete');
      const passkey = member<Passkey>(before, 'passkey');
      expect(after.step).toBe('checkingSignIn');
      expect(member<Passkey>(after, 'passkey')).toEqual(passkey);
      // The last sign-in's age is read before anything is deleted.
      return void expect(srcs(s)).toEqual(['readSignIn']);
    }
    case 'PASSKEYS.RELOAD': {
      expect(['ready', 'loadFailed']).toContain(before.step);
      return void expect([after.step, after.error, srcs(s)]).toEqual(['loading', null, ['listPasskeys']]);
    }
    case 'FLOW.CANCEL': {
      if (before.step === 'loading') return void expect([after.step, srcs(s)]).toEqual(['loadFailed', []]);
      if (before.step === 'confirmingDelete' || before.step === 'checkingSignIn') {
        // Stepping back deletes nothing.
        return void expect([after.step, after.error, srcs(s)]).toEqual(['ready', null, []]);
      }
      if (before.step === 'reauthenticating') {
        // Giving up signing in again deletes nothing, and says so.
        return void expect([after.step, after.error?.code, srcs(s)]).toEqual(['ready', 'REAUTH_CANCELLED', []]);
      }
      // Stopped waiting for an add or a delete: whether it happened is read from Cognito.
      expect(['adding', 'deleting']).toContain(before.step);
      return void expect([after.step, srcs(s)]).toEqual(['loading', ['listPasskeys']]);
    }
  }
  if (event.type === 'xstate.snapshot.reauthenticate') {
    const child = (event as unknown as { snapshot: { value: unknown; context: { user: { userId: string; authTime?: number } | null } } })
      .snapshot;
    if (child.value !== 'signedIn') return void expect([after.step, srcs(s)]).toEqual([before.step, []]);
    if (child.context.user?.userId === memory.signIn?.userId && recentBy(s.now, child.context.user?.authTime)) {
      // Signed in again as the same user, just now: the new session is taken on, then the delete goes ahead.
      expect(after.step).toBe('reauthenticating');
      expect(member(after, 'reauthentication')).toBeNull();
      return void expect(s.calls.map((c) => [c.src, c.input])).toEqual([['adoptSession', { userId: memory.signIn?.userId }]]);
    }
    // Someone else, or not just now: refused, nothing deleted.
    return void expect([after.step, after.error?.code, srcs(s)]).toEqual(['ready', 'REAUTH_FAILED', []]);
  }
  if (!o) throw new Error(`no spec for ${event.type}`);
  switch (o.src) {
    case 'listPasskeys':
      if (o.kind === 'done') return void expect(after.step).toBe('ready');
      return void expect([after.step, after.error?.code]).toEqual(['loadFailed', 'NETWORK']);
    case 'registerPasskey':
      if (o.kind === 'done') return void expect([after.step, after.error, srcs(s)]).toEqual(['loading', null, ['listPasskeys']]);
      if (o.error.name === 'PasskeyRegistrationCanceled') {
        // A closed prompt: back to the list as it was, with a typed error; nothing was added.
        expect([after.step, after.error?.code, srcs(s)]).toEqual(['ready', 'PASSKEY_CANCELLED', []]);
        return void expect(after.error?.retryable).toBe(true);
      }
      return void expect([after.step, after.error?.code, srcs(s)]).toEqual(['loading', 'NETWORK', ['listPasskeys']]);
    case 'readSignIn': {
      if (o.kind === 'error') {
        // Without a sign-in time nothing is deleted; the reason is shown.
        expect([after.step, srcs(s)]).toEqual(['ready', []]);
        return void expect(after.error).not.toBeNull();
      }
      const signIn = o.output as NonNullable<Memory['signIn']>;
      memory.signIn = signIn;
      const passkey = member<Passkey>(before, 'passkey');
      if (recentBy(s.now, signIn.authTime))
        return void expect([after.step, s.calls.map((c) => [c.src, c.input])]).toEqual([
          'deleting',
          [['deletePasskey', { id: passkey?.id }]],
        ]);
      // Too old: the user signs in again, as the signed-in user only.
      expect(after.step).toBe('reauthenticating');
      expect(member(after, 'username')).toBe(signIn.loginId);
      expect(member(after, 'reauthentication')).not.toBeNull();
      return void expect(s.calls.map((c) => [c.src, c.input])).toEqual([
        ['reauthenticationSession', { username: signIn.loginId, userId: signIn.userId }],
      ]);
    }
    case 'adoptSession': {
      const passkey = member<Passkey>(before, 'passkey');
      // Taken on: the passkey is deleted without asking again. Not taken on: nothing is deleted.
      if (o.kind === 'done')
        return void expect([after.step, s.calls.map((c) => [c.src, c.input])]).toEqual([
          'deleting',
          [['deletePasskey', { id: passkey?.id }]],
        ]);
      expect([after.step, srcs(s)]).toEqual(['ready', []]);
      return void expect(after.error).not.toBeNull();
    }
    case 'reauthenticate':
      return void expect([after.step, after.error?.code, srcs(s)]).toEqual(['ready', 'REAUTH_FAILED', []]);
    case 'deletePasskey':
      if (o.kind === 'done') return void expect([after.step, after.error, srcs(s)]).toEqual(['loading', null, ['listPasskeys']]);
      return void expect([after.step, after.error?.code, srcs(s)]).toEqual(['loading', 'NETWORK', ['listPasskeys']]);
  }
  throw new Error(`no spec for ${event.type}`);
}
