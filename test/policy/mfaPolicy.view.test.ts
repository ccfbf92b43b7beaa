import { describe, expect, it } from 'vitest';
import { connectMfaPolicy } from '../../machines/mfaPolicy/mfaPolicy.view.js';
import type { MfaPolicySnapshot } from '../../machines/mfaPolicy/mfaPolicy.view.js';
import type { MfaPolicyEvent } from '../../machines/mfaPolicy/mfaPolicy.types.js';
import { flowError } from '../../machines/shared/errors.js';
import { handSnapshot } from '../support/handSnapshot.js';

// connectMfaPolicy (machines/mfaPolicy/mfaPolicy.view.ts) on snapshots made by hand: which step each state is,
// the way out that is never disabled while the gate is closed, and the ids its props default to. The machine's
// walks are in mfaPolicy.paths.test.ts.
function at(value: string | Record<string, string>, busy = false): MfaPolicySnapshot {
  return handSnapshot(value, { requiredBy: ['admins'], error: flowError('NETWORK'), status: null }, { busy });
}

function connect(value: string | Record<string, string>, busy = false, id?: string) {
  const sent: MfaPolicyEvent[] = [];
  return { view: connectMfaPolicy(at(value, busy), (e) => sent.push(e), id ? { id } : undefined), sent };
}

describe('connectMfaPolicy', () => {
  it('each state is its own step', () => {
    for (const gate of ['checking', 'checkFailed', 'blocked']) expect(connect({ gate }).view.step).toBe(gate);
    for (const state of ['signingOut', 'satisfied', 'signedOut']) expect(connect(state).view.step).toBe(state);
  });

  it('while checking, busy, signing out is offered and never disabled: it is the way out of a call that hangs', () => {
    const { view, sent } = connect({ gate: 'checking' }, true);
    if (view.step !== 'checking') throw new Error(view.step);
    expect(view.busy).toBe(true);
    expect(view.requiredBy).toEqual(['admins']);
    expect(view.getSignOutButtonProps()).toEqual({ type: 'button', disabled: false });
    view.signOut();
    view.signOut({ global: true });
    expect(sent).toEqual([{ type: 'SIGN_OUT' }, { type: 'SIGN_OUT', global: true }]);
  });

  it('once the gate is open or left, there is no gate to sign out of', () => {
    for (const state of ['signingOut', 'satisfied', 'signedOut']) expect(connect(state).view).not.toHaveProperty('signOut');
  });

  it('a snapshot in no state the view knows is shown as checking', () => {
    expect(connect('elsewhere').view.step).toBe('checking');
  });

  it("its error element's id is the flow's name, or the id the app gives", () => {
    expect(connect({ gate: 'checkFailed' }).view.getErrorProps()).toMatchObject({ id: 'mfaPolicy-error', role: 'alert' });
    expect(connect({ gate: 'checkFailed' }, false, 'gate').view.getErrorProps()).toMatchObject({ id: 'gate-error' });
  });
});
