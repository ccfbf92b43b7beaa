/**
 * The spec of the passkeys panel, per step, written from issue 11 (items 4
 * and 6) and not from the machine: it imports no machine code (types only).
 * A panel that lists, adds and deletes passkeys, where the list is only ever
 * what Cognito last listed, a closed prompt leaves the list as it was, and a
 * delete names the passkey and asks first.
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
}

const BUSY = new Set(['loading', 'adding', 'confirmingIdentity', 'deleting']);
/** Steps on which the list is current (read and not changed since). */
const LISTED = new Set(['ready', 'adding', 'confirmingDelete', 'confirmingIdentity', 'deleting']);
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
  expect(after.busy, `busy on ${after.step}`).toBe(BUSY.has(after.step));
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
    // An unanswered step-up check deletes nothing.
    if (before.step === 'confirmingIdentity') return void expect([after.step, srcs(s)]).toEqual(['ready', []]);
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
      expect(after.step).toBe('confirmingIdentity');
      // The step-up seam is asked about this passkey before anything is deleted.
      return void expect(s.calls.map((c) => [c.src, c.input])).toEqual([['confirmSensitive', { action: 'deletePasskey', passkey }]]);
    }
    case 'PASSKEYS.RELOAD': {
      expect(['ready', 'loadFailed']).toContain(before.step);
      return void expect([after.step, after.error, srcs(s)]).toEqual(['loading', null, ['listPasskeys']]);
    }
    case 'FLOW.CANCEL': {
      if (before.step === 'loading') return void expect([after.step, srcs(s)]).toEqual(['loadFailed', []]);
      if (before.step === 'confirmingDelete' || before.step === 'confirmingIdentity') {
        // Stepping back deletes nothing.
        return void expect([after.step, srcs(s)]).toEqual(['ready', []]);
      }
      // Stopped waiting for an add or a delete: whether it happened is read from Cognito.
      expect(['adding', 'deleting']).toContain(before.step);
      return void expect([after.step, srcs(s)]).toEqual(['loading', ['listPasskeys']]);
    }
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
    case 'confirmSensitive': {
      if (o.kind === 'done') {
        const passkey = member<Passkey>(before, 'passkey');
        return void expect(s.calls.map((c) => [c.src, c.input])).toEqual([['deletePasskey', { id: passkey?.id }]]);
      }
      // Refused by the step-up check: nothing is deleted, the list stands, the reason is shown.
      expect([after.step, srcs(s)]).toEqual(['ready', []]);
      return void expect(after.error).not.toBeNull();
    }
    case 'deletePasskey':
      if (o.kind === 'done') return void expect([after.step, after.error, srcs(s)]).toEqual(['loading', null, ['listPasskeys']]);
      return void expect([after.step, after.error?.code, srcs(s)]).toEqual(['loading', 'NETWORK', ['listPasskeys']]);
  }
  throw new Error(`no spec for ${event.type}`);
}
