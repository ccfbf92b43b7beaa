import { assign, createActor, fromTransition, setup } from 'xstate';
import type { ActorRefFrom, AnyActorRef, SnapshotFrom } from 'xstate';
import { describe, expect, it, vi } from 'vitest';
import { connectSignIn, observeFlow, signInMachine } from 'amplify-mfa-flow/machines';
import { connectMfaSettings, mfaSettingsMachine, phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// The MFA settings page outside any framework: one subscription must follow
// the running enrollment flow's own steps, or a plain page never shows the QR.
function settingsWithFakes(totpActions: Record<string, () => void> = {}) {
  const fakes = new FakeActors();
  const provided = (m: { implementations: { actors: object } }) =>
    fakes.actors(Object.keys(m.implementations.actors).filter((k) => k !== 'totpEnrollment' && k !== 'phoneVerification'));
  const machine = mfaSettingsMachine.provide({
    actors: {
      ...provided(mfaSettingsMachine),
      totpEnrollment: totpEnrollmentMachine.provide({ actors: provided(totpEnrollmentMachine), actions: totpActions } as never),
      phoneVerification: phoneVerificationMachine.provide({ actors: provided(phoneVerificationMachine) }),
    } as never,
  });
  const actor = createActor(machine, {
    input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
  });
  return { actor, fakes };
}

describe('observeFlow: one subscription for a flow and its children', () => {
  it('follows the TOTP enrollment child to its QR code and a wrong code, with no framework', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    const seen: string[] = [];
    const stop = flow.subscribe((view) =>
      seen.push(view.step === 'enrollingTotp' ? `enrollingTotp/${view.totpEnrollment.step}` : view.step),
    );
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(flow.getView(), 'ready').enroll('TOTP');
    await settle();
    fakes
      .pending('setUpTotp')
      .resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP&issuer=App' });
    await settle();
    fakes.pending('createQrCode').resolve('data:image/png;base64,AAAA');
    await settle();
    const enrolling = at(flow.getView(), 'enrollingTotp');
    const setup = at(enrolling.totpEnrollment, 'awaitingCode');
    expect(setup.totpSetup.qrDataUrl).toBe('data:image/png;base64,AAAA');
    setup.submitCode('123456');
    await settle();
    fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    const again = at(at(flow.getView(), 'enrollingTotp').totpEnrollment, 'awaitingCode');
    expect(again.error?.code).toBe('WRONG_CODE');
    expect(seen).toContain('enrollingTotp/awaitingCode');
    expect(seen).toContain('enrollingTotp/verifying');
    // The view is the same object between changes (what useSyncExternalStore needs).
    expect(flow.getView()).toBe(flow.getView());
    stop();
    actor.stop();
  });

  it('follows the phone verification child too, and lets go of children that ended', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step === 'verifyingPhone' ? `verifyingPhone/${view.phoneVerification.step}` : view.step));
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(flow.getView(), 'ready').enroll('SMS');
    await settle();
    at(at(flow.getView(), 'verifyingPhone').phoneVerification, 'enteringPhone').submitPhone('+1 555 010 0101');
    await settle();
    expect(steps).toContain('verifyingPhone/updatingPhone');
    at(at(flow.getView(), 'verifyingPhone').phoneVerification, 'updatingPhone').cancel();
    await settle();
    expect(flow.getView().step).toBe('loading');
    // The ended child is let go: from now on the flow changes exactly when the settings actor does.
    const before = steps.length;
    let own = 0;
    actor.subscribe(() => {
      own += 1;
    });
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    expect(steps.length - before).toBe(own);
    expect(own).toBeGreaterThan(0);
    actor.stop();
  });

  it('hands out the current view with no subscriber, and after the last one left', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    expect(flow.getView().step).toBe('loading');
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    expect(flow.getView().step, 'read with no subscription').toBe('ready');

    const stop = flow.subscribe(() => {});
    stop();
    at(flow.getView(), 'ready').enroll('TOTP');
    await settle();
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    expect(at(flow.getView(), 'enrollingTotp').totpEnrollment.step, 'read after the last subscriber left').toBe('settingUp');
    const seen: string[] = [];
    flow.subscribe((view) => seen.push(view.step === 'enrollingTotp' ? view.totpEnrollment.step : view.step));
    fakes.pending('createQrCode').resolve('data:image/png;base64,QR');
    await settle();
    expect(seen).toEqual(['awaitingCode']);
    actor.stop();
  });

  it('notifies once per change: a call that settles is one change, its parent’s', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    flow.getView(); // a page draws the first view before it subscribes
    let calls = 0;
    flow.subscribe(() => {
      calls += 1;
    });
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    expect(calls).toBe(1);
    actor.stop();
  });

  it('a child that fails does not throw out of the subscription; its parent shows the error', async () => {
    const { actor, fakes } = settingsWithFakes({
      storeSecret: () => {
        throw new Error('the child broke');
      },
    });
    const flow = observeFlow(actor, connectMfaSettings);
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(flow.getView(), 'ready').enroll('TOTP');
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    // Vitest fails the run on an unhandled error, so getting here with the parent on it is the check.
    expect(steps.slice(-2)).toEqual(['enrollingTotp', 'loading']);
    expect(flow.getView().error?.code).toBe('UNKNOWN');
    actor.stop();
  });

  it('a machine given a wrong input: getView throws its FlowInputError, and no call is made', () => {
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    const flow = observeFlow(createActor(machine, { input: { maxAttempts: -1 } }), connectSignIn);
    expect(() => flow.getView()).toThrow(
      expect.objectContaining({ name: 'FlowInputError', message: expect.stringContaining('maxAttempts') }),
    );
    expect(fakes.calls).toEqual([]);
  });

  it('a flow stopped while a child ran keeps its last view', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    flow.subscribe(() => {});
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(flow.getView(), 'ready').enroll('TOTP');
    const last = flow.getView();
    actor.stop();
    expect(flow.getView()).toBe(last);
  });

  it('follows a spawned child that is not a machine', () => {
    const counter = fromTransition((count: number, event: { type: 'TICK' }) => (event.type === 'TICK' ? count + 1 : count), 0);
    const page = setup({
      types: { context: {} as { counter: ActorRefFrom<typeof counter> | null } },
      actors: { counter },
      actions: { spawnCounter: assign({ counter: ({ spawn }) => spawn('counter', { id: 'counter' }) }) },
    }).createMachine({ id: 'page', description: 'A page with a spawned counter.', context: { counter: null }, entry: 'spawnCounter' });
    const actor = createActor(page).start();
    const flow = observeFlow(actor, (snapshot: SnapshotFrom<typeof page>) => ({
      count: snapshot.context.counter?.getSnapshot().context ?? -1,
    }));
    const counts: number[] = [];
    flow.subscribe((view) => counts.push(view.count));
    actor.getSnapshot().context.counter?.send({ type: 'TICK' });
    actor.getSnapshot().context.counter?.send({ type: 'TICK' });
    expect(counts).toEqual([1, 2]);
    actor.stop();
  });

  it('a listener that sends an event leaves every listener on the newest view', () => {
    const child = setup({ types: { events: {} as { type: 'GO' } } }).createMachine({
      id: 'child',
      description: 'A child that moves on GO.',
      initial: 'a',
      states: { a: { description: 'Waits.', on: { GO: 'b' } }, b: { description: 'Moved.' } },
    });
    const parent = setup({ types: { events: {} as { type: 'NEXT' } }, actors: { child } }).createMachine({
      id: 'parent',
      description: 'A parent running the child.',
      invoke: { id: 'child', src: 'child' },
      initial: 'one',
      states: { one: { description: 'First.', on: { NEXT: 'two' } }, two: { description: 'Second.' } },
    });
    const actor = createActor(parent).start();
    const flow = observeFlow(actor, (snapshot: SnapshotFrom<typeof parent>, send: (event: { type: 'NEXT' }) => void) => ({
      parent: String(snapshot.value),
      child: String((snapshot.children.child as AnyActorRef | undefined)?.getSnapshot().value),
      next: () => send({ type: 'NEXT' }),
    }));
    // The first listener answers the child's move with an event to the (idle) parent, handled at once.
    flow.subscribe((view) => {
      if (view.child === 'b' && view.parent === 'one') view.next();
    });
    const second: string[] = [];
    flow.subscribe((view) => second.push(`${view.parent}/${view.child}`));
    (actor.getSnapshot().children.child as AnyActorRef).send({ type: 'GO' });
    expect(second.at(-1)).toBe('two/b');
    expect(second).not.toContain('one/b');
    actor.stop();
  });

  it('lets each listener go on its own, and the actor and its children once the last one left', async () => {
    const { actor, fakes } = settingsWithFakes();
    /** The observers xstate holds for an actor (its own `observers` set). */
    const observers = (ref: AnyActorRef) => (ref as unknown as { observers: Set<unknown> }).observers.size;
    const flow = observeFlow(actor, connectMfaSettings);
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = flow.subscribe((view) => first.push(view.step));
    const stopSecond = flow.subscribe((view) => second.push(view.step));
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    expect(first.at(-1)).toBe('ready');
    expect(second).toEqual(first);
    at(flow.getView(), 'ready').enroll('TOTP');
    await settle();
    const child = actor.getSnapshot().children.totpEnrollment as AnyActorRef;
    expect(observers(child), 'the running child is followed').toBe(1);
    stopFirst();
    stopFirst();
    const heard = [...first];
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    expect(first, 'a listener that left hears nothing more').toEqual(heard);
    expect(second.at(-1)).toBe('enrollingTotp');
    expect(second.length).toBeGreaterThan(first.length);
    stopSecond();
    expect(observers(actor), 'nothing of the flow stays on the actor').toBe(0);
    expect(observers(child), 'nor on its child').toBe(0);
    actor.stop();
  });

  it('reports a root that fails the way xstate reports an error nobody handles, and getView throws it from then on', () => {
    const broken = setup({
      types: { events: {} as { type: 'BREAK' } },
      actions: {
        breakIt: () => {
          throw new Error('broken');
        },
      },
    }).createMachine({
      id: 'broken',
      description: 'Throws on BREAK.',
      on: { BREAK: { actions: 'breakIt' } },
    });
    const actor = createActor(broken).start();
    const flow = observeFlow(actor, (snapshot: SnapshotFrom<typeof broken>) => ({ status: snapshot.status }));
    flow.subscribe(() => {});
    const later: (() => void)[] = [];
    const timers = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void) => {
      later.push(fn);
      return 0;
    }) as never);
    try {
      actor.send({ type: 'BREAK' });
    } finally {
      timers.mockRestore();
    }
    expect(later.length).toBeGreaterThan(0);
    expect(() => {
      for (const fn of later) fn();
    }).toThrow('broken');
    expect(() => flow.getView()).toThrow('broken');
  });
});
