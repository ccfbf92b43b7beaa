import { createMachine } from 'xstate';
import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/diagram/models.js';
import { generatePaths, pathId, selectCovering } from '../../src/diagram/paths.js';
import type { PathModel } from '../../src/diagram/paths.js';
import type { MachineName } from '../../src/testing/index.js';
import { catalogueIds } from '../support/catalogue.js';

// A path's id is made of its own steps, so a change elsewhere in a machine
// renames no path, and the committed catalogue keeps its paths.

const slug = (e: AnyEventObject) => e.type.toLowerCase();

describe('path ids', () => {
  it('are the slugs of the steps, with a pair repeated three times or more written once', () => {
    const events = (...types: string[]) => types.map((type) => ({ type }));
    expect(pathId({ slug }, events('a', 'b', 'c'))).toBe('a-b-c');
    expect(pathId({ slug }, events('a', 'b', 'c'), 'optional')).toBe('optional-a-b-c');
    expect(pathId({ slug }, events('code', 'wrong', 'code', 'wrong', 'code', 'ok'))).toBe('code-wrong-code-wrong-code-ok');
    expect(pathId({ slug }, events('p', 'code', 'wrong', 'code', 'wrong', 'code', 'wrong', 'cancel'))).toBe('p-code-wrong-x3-cancel');
  });

  it('are unique in every machine, across all the paths it makes (generatePaths throws otherwise)', () => {
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

/** What main is about to add to the MFA machines: a Hub sign-out from anywhere ends the flow in a final `signedOut`. */
function hubSignOut(config: Record<string, unknown>): Record<string, unknown> {
  const c = config as Config;
  return {
    ...c,
    on: { ...c.on, 'AUTH.SIGNED_OUT': '.signedOut' },
    states: { ...c.states, signedOut: { type: 'final', description: 'Signed out elsewhere on the page.' } },
  };
}

/** A call that does not answer in time gives up: a timer on the states that make a call. */
function callTimeouts(config: Record<string, unknown>): Record<string, unknown> {
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
          settingUp: { ...enrolling.states.settingUp, after: { 30000: { target: 'setupFailed' } } },
          verifying: { ...enrolling.states.verifying, after: { 30000: { target: 'awaitingCode' } } },
        },
      },
    },
  };
}

function withHubEvent(model: PathModel<unknown>, machine: AnyStateMachine): PathModel<unknown> {
  const hub = { type: 'AUTH.SIGNED_OUT' };
  return {
    ...model,
    machine,
    events: (snapshot) => [...model.events(snapshot), hub],
    slug: (event) => (event.type === hub.type ? 'hub-signed-out' : model.slug!(event)),
  };
}

const CHANGES: readonly { name: MachineName; what: string; model: (m: PathModel<unknown>) => PathModel<unknown>; added: RegExp }[] = [
  ...(['totpEnrollment', 'phoneVerification', 'mfaSettings'] as const).map((name) => ({
    name,
    what: 'a final signedOut state after a Hub sign-out',
    model: (m: PathModel<unknown>) => withHubEvent(m, extended(m.machine, hubSignOut)),
    added: /hub-signed-out/,
  })),
  {
    name: 'totpEnrollment',
    what: 'timeouts on the calls that set up and verify',
    model: (m) => ({ ...m, machine: extended(m.machine, callTimeouts) }),
    added: /wait-30000/,
  },
];

describe('an unrelated change to a machine renames no path', () => {
  for (const change of CHANGES) {
    it(`${change.name} + ${change.what}`, () => {
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
