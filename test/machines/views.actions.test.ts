import type { AnyEventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { SUBJECTS, userEvents } from '../support/viewWalk.js';
import type { AnyView, Seen, Subject } from '../support/viewWalk.js';

// A view offers an action exactly where the machine takes its event: at every
// snapshot the generated paths visit, each event the machine accepts
// (`snapshot.can`, with every payload the model knows) has an action on the
// view, and each action the view offers is accepted there, unless the view
// itself says why not (a call in flight, `canResend`, `canRestart`, a method
// row's flags). Per step, no action is offered that is never accepted.

/** Arguments to try each action with; an action not listed takes none. */
const ARGS: Readonly<Record<string, readonly (readonly unknown[])[]>> = {
  submitCredentials: [['pat@example.com', 'Correct-h0rse!']],
  forgotPassword: [[], ['pat@example.com']],
  submitUsername: [['pat@example.com']],
  submitCode: [['123456']],
  selectMethod: [['TOTP']],
  submitEmail: [['pat@example.com']],
  submitNewPassword: [['New-passw0rd!']],
  submitPasswordReset: [['123456', 'New-passw0rd!']],
  submitPhone: [['+15550100101']],
  signOut: [[], [{ global: true }]],
  enroll: [['TOTP'], ['SMS']],
  prefer: [['SMS'], ['TOTP']],
  disable: [['SMS'], ['TOTP']],
};

/**
 * `submitPassword` on the settings' `reauthenticating` step answers the running sign-in flow's credentials step: it
 * is that child's event, which the sign-in machine's own walk covers, not one of the settings machine's. Elsewhere
 * (the recovery and passwordless flows) it is the flow's own action and is checked as any other.
 */
const isChildAction = (step: string, key: string) => step === 'reauthenticating' && key === 'submitPassword';
const isAction = (key: string, value: unknown) => typeof value === 'function' && !/^get\w*Props$/.test(key);

/** Each action of the view and the event types it sends. */
function actionsOf(seen: Seen): Map<string, Set<string>> {
  const actions = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(seen.view)) {
    if (!isAction(key, value) || isChildAction(seen.view.step, key)) continue;
    const sent = new Set<string>();
    for (const args of ARGS[key] ?? [[]]) {
      const probe = seen.probe((event) => sent.add(event.type));
      (probe[key] as (...a: readonly unknown[]) => void)(...args);
    }
    expect(sent.size, `${seen.view.step}: ${key}() sends an event`).toBeGreaterThan(0);
    actions.set(key, sent);
  }
  return actions;
}

/** The event types the machine takes at this snapshot; none once the actor is done. */
function acceptedTypes(subject: Subject, seen: Seen): Set<string> {
  if (seen.snapshot.status !== 'active') return new Set();
  return new Set(
    userEvents(subject.model, seen.snapshot)
      .filter((e) => seen.snapshot.can(e))
      .map((e) => e.type),
  );
}

interface MethodRow {
  readonly method: string;
  readonly canSetUp: boolean;
  readonly canPrefer: boolean;
  readonly canDisable: boolean;
  readonly disableBlockedReason: string | null;
}

/** Why an offered action's event is not taken now, as the view shows it; null when the view gives no reason. */
function reasonShown(view: AnyView, type: string): string | null {
  if (view.busy) return 'busy';
  if (type === 'CODE.RESEND' && view.canResend === false) return 'canResend is false';
  if (type === 'FLOW.RESTART' && view.canRestart === false) return 'canRestart is false';
  const rows = (view.methods ?? []) as readonly MethodRow[];
  if (type === 'PREFERRED.SET' && !rows.some((r) => r.canPrefer)) return 'no row can be preferred';
  if (type === 'METHOD.DISABLE' && !rows.some((r) => r.canDisable || r.disableBlockedReason)) return 'no row can be turned off';
  return null;
}

function checkSnapshot(subject: Subject, seen: Seen, accepted: Set<string>, offered: Map<string, Set<string>>): void {
  const { view, snapshot } = seen;
  const where = `${subject.name} ${view.step} ${JSON.stringify(snapshot.value)}`;
  const sends = new Set([...offered.values()].flatMap((s) => [...s]));
  for (const type of accepted) expect(sends.has(type), `${where}: the machine takes ${type}, the view has no action for it`).toBe(true);
  for (const [action, types] of offered) {
    for (const type of types) {
      if (!accepted.has(type))
        expect(
          reasonShown(view, type),
          `${where}: ${action}() sends ${type}, which the machine does not take now, and the view does not say why`,
        ).not.toBeNull();
    }
  }
  if ('canResend' in view) expect(view.canResend, `${where}: canResend`).toBe(snapshot.can({ type: 'CODE.RESEND' }));
  if ('canRestart' in view) expect(view.canRestart, `${where}: canRestart`).toBe(snapshot.can({ type: 'FLOW.RESTART' }));
  // Where the rows' actions are offered, each row's flags say exactly which method the machine takes
  // (elsewhere the first check above already found the machine taking none of them).
  for (const row of ('disable' in view ? view.methods : []) as readonly MethodRow[]) {
    const can = (event: AnyEventObject) => snapshot.status === 'active' && snapshot.can(event);
    expect(row.canPrefer, `${where}: ${row.method} canPrefer`).toBe(can({ type: 'PREFERRED.SET', method: row.method }));
    expect(row.canDisable || row.disableBlockedReason !== null, `${where}: ${row.method} can be turned off or says why not`).toBe(
      can({ type: 'METHOD.DISABLE', method: row.method }),
    );
    if (row.canSetUp) expect(can({ type: `ENROLL.${row.method}` }), `${where}: ${row.method} canSetUp`).toBe(true);
  }
}

for (const subject of SUBJECTS) {
  describe(`${subject.name}: the view's actions are the events the machine takes`, () => {
    /** Per step: the event types its actions send, and those the machine took at some snapshot of it. */
    const offeredByStep = new Map<string, Set<string>>();
    const acceptedByStep = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, step: string, types: Iterable<string>) => {
      const set = map.get(step) ?? new Set<string>();
      for (const t of types) set.add(t);
      map.set(step, set);
    };

    let walked = false;
    it(`at every snapshot of ${subject.paths.length} generated paths`, async () => {
      for (const path of subject.paths) {
        await subject.walk(path, (seen) => {
          const accepted = acceptedTypes(subject, seen);
          const offered = actionsOf(seen);
          checkSnapshot(subject, seen, accepted, offered);
          add(
            offeredByStep,
            seen.view.step,
            [...offered.values()].flatMap((s) => [...s]),
          );
          add(acceptedByStep, seen.view.step, accepted);
        });
      }
      expect(offeredByStep.size).toBeGreaterThan(3);
      walked = true;
    });

    it('offers no action on a step where the machine never takes it', () => {
      expect(walked, 'every path was walked').toBe(true);
      for (const [step, offered] of offeredByStep) {
        const accepted = acceptedByStep.get(step) ?? new Set();
        expect(
          [...offered].filter((t) => !accepted.has(t)),
          `${subject.name} ${step}: actions never accepted on this step`,
        ).toEqual([]);
      }
    });
  });
}
