import { describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import { connectPasskeys } from '../../machines/passkeys/passkeys.view.js';
import { handSnapshot } from '../support/handSnapshot.js';
import type { PasskeysContext, PasskeysEvent, PasskeysSnapshot } from '../../machines/passkeys/index.js';

// connectPasskeys (machines/passkeys/passkeys.view.ts) on snapshots made by hand, one per step: what each step's
// view lets a screen do, and what every action sends. The machine's own walks are in passkeys.paths.test.ts;
// here the view is read apart from them, so a step that showed another's controls, or a button that gave nothing,
// is seen at once.
const passkey = (id: string, name: string) => ({
  id,
  name,
  relyingPartyId: 'localhost',
  createdAt: '2026-11-29T12:00:00.000Z',
  attachment: null,
});
const LIST = [passkey('pk-1', 'This device'), passkey('pk-2', 'Security key')];

function snapshotAt(step: string, context: Partial<PasskeysContext> = {}, children: Record<string, unknown> = {}): PasskeysSnapshot {
  const full: PasskeysContext = {
    supported: true,
    callTimeoutMs: 30_000,
    passkeys: LIST,
    selected: null,
    error: null,
    maxAuthAgeMs: 300_000,
    now: () => 0,
    reauthentication: {},
    signIn: null,
    ...context,
  };
  return handSnapshot(step, full, { children });
}

function connect(step: string, context?: Partial<PasskeysContext>, children?: Record<string, unknown>) {
  const sent: PasskeysEvent[] = [];
  const view = connectPasskeys(snapshotAt(step, context, children), (e) => sent.push(e));
  return { view, sent };
}

const ENABLED = { type: 'button', disabled: false };

describe('connectPasskeys, step by step', () => {
  it('ready: each listed passkey has its own delete action and an enabled delete button', () => {
    const { view, sent } = connect('ready');
    if (view.step !== 'ready') throw new Error(view.step);
    expect(view.items.map((i) => i.id)).toEqual(['pk-1', 'pk-2']);
    view.items[1]!.remove();
    view.deletePasskey('pk-1');
    expect(sent).toEqual([
      { type: 'PASSKEY.DELETE', id: 'pk-2' },
      { type: 'PASSKEY.DELETE', id: 'pk-1' },
    ]);
    for (const item of view.items) expect(item.getDeleteButtonProps()).toEqual(ENABLED);
    expect(view.getAddButtonProps()).toEqual(ENABLED);
  });

  it('adding: the browser prompt is open; only cancelling is offered', () => {
    const { view, sent } = connect('adding');
    expect(view.step).toBe('adding');
    expect(view).not.toHaveProperty('confirmDelete');
    expect(view).not.toHaveProperty('passkey');
    if (view.step !== 'adding') throw new Error(view.step);
    view.cancel();
    expect(sent).toEqual([{ type: 'FLOW.CANCEL' }]);
  });

  it('confirmingDelete: the chosen passkey, with enabled confirm and cancel buttons', () => {
    const { view, sent } = connect('confirmingDelete', { selected: LIST[1]! });
    if (view.step !== 'confirmingDelete') throw new Error(view.step);
    expect(view.passkey).toEqual(LIST[1]);
    expect(view.getConfirmButtonProps()).toEqual(ENABLED);
    expect(view.getCancelButtonProps()).toEqual(ENABLED);
    view.confirmDelete();
    view.cancel();
    expect(sent).toEqual([{ type: 'PASSKEY.DELETE_CONFIRM' }, { type: 'FLOW.CANCEL' }]);
  });

  it('confirmingDelete with no passkey chosen stands an empty one in, rather than failing', () => {
    const { view } = connect('confirmingDelete');
    if (view.step !== 'confirmingDelete') throw new Error(view.step);
    expect(view.passkey).toEqual({ id: '', name: '', relyingPartyId: '', createdAt: null, attachment: null });
  });

  it('reauthenticating: the password goes to the re-authentication flow, for the signed-in user', () => {
    const toFlow: unknown[] = [];
    const flow = { send: (e: unknown) => toFlow.push(e) } as unknown as AnyActorRef;
    const { view } = connect(
      'reauthenticating',
      { selected: LIST[0]!, signIn: { loginId: 'pat@example.com', userId: 'u-1', authTime: 0 } },
      { reauthenticate: flow },
    );
    if (view.step !== 'reauthenticating') throw new Error(view.step);
    expect(view.username).toBe('pat@example.com');
    expect(view.reauthentication).toBe(flow);
    view.submitPassword('Sentinel-Pw-2!');
    expect(toFlow).toEqual([{ type: 'CREDENTIALS.SUBMIT', username: 'pat@example.com', password: 'Sentinel-Pw-2!' }]);
  });

  it('reauthenticating before the sign-in is read: no user name, no flow, and submitting does nothing', () => {
    const { view, sent } = connect('reauthenticating');
    if (view.step !== 'reauthenticating') throw new Error(view.step);
    expect(view.username).toBe('');
    expect(view.reauthentication).toBeNull();
    expect(() => view.submitPassword('Sentinel-Pw-2!')).not.toThrow();
    expect(sent).toEqual([]);
  });

  it('a step the view does not know is shown as loading', () => {
    expect(connect('somewhereElse').view.step).toBe('loading');
  });
});
