import { createMachine } from 'xstate';
import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/diagram/models.js';
import { generatePaths, pathId, selectCovering } from '../../src/diagram/paths.js';
import type { PathModel } from '../../src/diagram/paths.js';
import type { MachineName } from '../../src/testing/index.js';
import { catalogueIds } from '../support/catalogue.js';

// A path's id is made of its own steps, so a change elsewhere in a machine
// renames no path, and the committed catalogue keeps its paths. (Main's own
// change, a signedOut state after a Hub sign-out and call timeouts in the MFA
// machines, renamed none of the 132 catalogue paths and dropped none: it
// added 23.)

const slug = (e: AnyEventObject) => e.type.toLowerCase();

describe('path ids', () => {
  it('are the slugs of the steps, with a pair repeated three times or more written once', () => {
    const events = (...types: string[]) => types.map((type) => ({ type }));
    expect(pathId({ slug }, events('a', 'b', 'c'))).toBe('a-b-c');
    expect(pathId({ slug }, events('a', 'b', 'c'), 'optional')).toBe('optional-a-b-c');
    expect(pathId({ slug }, events('code', 'wrong', 'code', 'wrong', 'code', 'ok'))).toBe('code-wrong-code-wrong-code-ok');
    expect(pathId({ slug }, events('p', 'code', 'wrong', 'code', 'wrong', 'code', 'wrong', 'cancel'))).toBe('p-code-wrong-x3-cancel');
  });

  it('are unique in every machine, across all the paths it makes (generatePaths throws otherwise)', { timeout: 180_000 }, () => {
    for (const entry of MODELS.filter((m) => m.name !== 'signIn')) {
      const ids = generatePaths(entry.model).map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('read as what the path does', () => {
    expect(catalogueIds('totpEnrollment')).toContain('secret-qr-code-verified-saved');
    expect(catalogueIds('signIn')).toContain('no-session-password-totp-code-network-error');
  });
});

/** The machine with more states and transitions: nothing else in its config changes. */
function extended(machine: AnyStateMachine, change: (config: Record<string, unknown>) => Record<string, unknown>): AnyStateMachine {
  return createMachine(change(machine.config as unknown as Record<string, unknown>) as never, machine.implementations as never);
}

type Config = Record<string, unknown> & { on?: object; states: Record<string, Record<string, unknown>> };

/** A new way out from anywhere: another Hub event (the account deleted elsewhere, say) ends the flow in a new final state. */
function accountDeleted(config: Record<string, unknown>): Record<string, unknown> {
  const c = config as Config;
  return {
    ...c,
    on: { ...c.on, 'AUTH.USER_DELETED': '.deleted' },
    states: { ...c.states, deleted: { type: 'final', description: 'The account was deleted elsewhere.' } },
  };
}

/** A new timer on a state that waits for the user: after ten idle minutes the enrollment is cancelled. */
function idleTimeout(config: Record<string, unknown>): Record<string, unknown> {
  const c = config as Config;
  const enrolling = c.states.enrolling as Config;
  return {
    ...c,
    states: {
      ...c.states,
      enrolling: {
        ...enrolling,
        states: {
          ...enrolling.states,
          awaitingCode: { ...enrolling.states.awaitingCode, after: { 600000: { target: '#totpEnrollment.cancelled' } } },
        },
      },
    },
  };
}

function withEvent(model: PathModel<unknown>, machine: AnyStateMachine, type: string, slugged: string): PathModel<unknown> {
  return {
    ...model,
    machine,
    events: (snapshot) => [...model.events(snapshot), { type }],
    slug: (event) => (event.type === type ? slugged : model.slug!(event)),
  };
}

const CHANGES: readonly { name: MachineName; what: string; model: (m: PathModel<unknown>) => PathModel<unknown>; added: RegExp }[] = [
  ...(['signIn', 'totpEnrollment', 'phoneVerification', 'mfaSettings'] as const).map((name) => ({
    name,
    what: 'a new final state after a new Hub event',
    model: (m: PathModel<unknown>) => withEvent(m, extended(m.machine, accountDeleted), 'AUTH.USER_DELETED', 'hub-user-deleted'),
    added: /hub-user-deleted/,
  })),
  {
    name: 'totpEnrollment',
    what: 'an idle timer on the code screen',
    model: (m) => ({ ...m, machine: extended(m.machine, idleTimeout) }),
    added: /wait-600000/,
  },
];

describe('an unrelated change to a machine renames no path', () => {
  for (const change of CHANGES) {
    it(`${change.name} + ${change.what}`, { timeout: 180_000 }, () => {
      const before = MODELS.find((m) => m.name === change.name)!.model;
      const after = change.model(before);
      const was = generatePaths(before);
      const now = new Map(generatePaths(after).map((p) => [p.id, p]));
      // Every path the machine made is still made, under the same id, with the same steps.
      for (const path of was) expect(now.get(path.id)?.steps, path.id).toEqual(path.steps);

      // The catalogue keeps every path it had and gains paths only for what was added.
      const catalogue = catalogueIds(change.name);
      const chosen = selectCovering(after, [...now.values()], catalogue).map((p) => p.id);
      expect(chosen).toEqual(expect.arrayContaining(catalogue));
      const gained = chosen.filter((id) => !catalogue.includes(id));
      expect(gained.length).toBeGreaterThan(0);
      for (const id of gained) expect(id).toMatch(change.added);
    });
  }
});
