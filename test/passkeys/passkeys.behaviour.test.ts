import { SimulatedClock, createActor, fromPromise, waitFor } from 'xstate';
import type { AnyActorLogic } from 'xstate';
import { describe, expect, it } from 'vitest';
import { PASSKEY_LIMIT, passkeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import { passkeyError } from '../../machines/passkeys/passkeys.errors.js';
import type { Passkey } from '../../machines/passkeys/passkeys.types.js';
import type { SignInTime } from '../../machines/shared/stepUp.js';

// The passkeys flow event by event, with calls answered by hand: what is sent, what the context holds, and what
// a stored snapshot keeps and restores to. The generated paths (passkeys.paths.test.ts) walk every transition;
// these pin what a path cannot see.

const NOW = 1_700_000_000_000;
const key = (n: number): Passkey => ({
  id: `cred-${n}`,
  name: `Key ${n}`,
  relyingPartyId: 'localhost',
  createdAt: null,
  attachment: 'platform',
});
const PHONE = key(1);
const LAPTOP = key(2);

function rig(o: { lists?: Passkey[][]; signIn?: SignInTime; register?: () => Promise<void> } = {}) {
  const lists = o.lists ?? [[PHONE, LAPTOP]];
  const calls = { list: 0, register: 0, deleted: [] as { id: string }[], adopted: [] as { userId: string }[] };
  let finishDelete: (() => void) | undefined;
  const machine = passkeysMachine.provide({
    actors: {
      listPasskeys: fromPromise(async () => lists[Math.min(calls.list++, lists.length - 1)]!),
      registerPasskey: fromPromise(async () => {
        calls.register += 1;
        await o.register?.();
      }),
      deletePasskey: fromPromise<void, { id: string }>(
        ({ input }) =>
          new Promise<void>((resolve) => {
            calls.deleted.push(input);
            finishDelete = resolve;
          }),
      ),
      readSignIn: fromPromise<SignInTime, void>(
        async () => o.signIn ?? { userId: 'u-1', authTime: NOW - 1_000, loginId: 'ada@example.com' },
      ),
      // The sign-in flow run again: it waits here for the user, who never signs in.
      reauthenticate: fromPromise(() => new Promise<never>(() => {})) as AnyActorLogic,
    },
  });
  return { machine, calls, finishDelete: () => finishDelete?.() };
}

const input = { supported: true, now: () => NOW };
/** A sign-in an hour old, older than a delete allows. */
const OLD_SIGN_IN: SignInTime = { userId: 'u-1', authTime: NOW - 60 * 60_000, loginId: 'ada@example.com' };
/** The re-authentication's sign-in flow says it signed the same user in, just now. */
const SIGNED_IN_AGAIN = {
  type: 'xstate.snapshot.reauthenticate',
  snapshot: { value: 'signedIn', context: { user: { userId: 'u-1', authTime: NOW } } },
} as never;
/** Asks to delete the listed passkey `id`, and confirms. */
function deleteConfirmed(actor: { send(event: { type: string; id?: string }): void }, id: string): void {
  actor.send({ type: 'PASSKEY.DELETE', id });
  actor.send({ type: 'PASSKEY.DELETE_CONFIRM' });
}
/** What a flow error says of its cause (a missing call names itself there). */
const detail = (error: unknown) => (error as { detail?: string } | null)?.detail;

async function ready(r: ReturnType<typeof rig>, extra: Record<string, unknown> = {}) {
  const actor = createActor(r.machine, { input: { ...input, ...extra } }).start();
  await waitFor(actor, (s) => s.matches('ready'));
  return actor;
}

describe('passkeys: event by event', () => {
  it('starts with no input: not supported, the default timeout and step-up, nothing listed', () => {
    const actor = createActor(passkeysMachine, { input: undefined }).start();
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context).toEqual({
      supported: false,
      callTimeoutMs: 30_000,
      maxAuthAgeMs: expect.any(Number),
      now: expect.any(Function),
      reauthentication: {},
      signIn: null,
      passkeys: null,
      selected: null,
      error: null,
    });
    actor.stop();
  });

  it('names the machine and the field of bad input', () => {
    for (const [bad, field] of [
      [{ supported: 'yes' }, 'supported'],
      [{ callTimeoutMs: 0 }, 'callTimeoutMs'],
      // The step-up's own fields, named for this machine too.
      [{ maxAuthAgeMs: -1 }, 'maxAuthAgeMs'],
      [{ reauthentication: 'again' }, 'reauthentication'],
    ] as const) {
      const actor = createActor(passkeysMachine, { input: bad as never });
      actor.subscribe({ error: () => {} });
      actor.start();
      expect((actor.getSnapshot().error as Error).message).toMatch(new RegExp(`^passkeys: input\\.${field} must be `));
    }
  });

  it('says which call was not provided', async () => {
    const actor = createActor(passkeysMachine, { input }).start();
    await waitFor(actor, (s) => s.matches('loadFailed'));
    expect(detail(actor.getSnapshot().context.error)).toBe('passkeys actor "listPasskeys" was not provided');
    actor.stop();

    const listed = passkeysMachine.provide({ actors: { listPasskeys: fromPromise(async () => [PHONE]) } });
    const add = createActor(listed, { input }).start();
    await waitFor(add, (s) => s.matches('ready'));
    add.send({ type: 'PASSKEY.ADD' });
    await waitFor(add, (s) => s.matches('ready') && s.context.error !== null);
    expect(detail(add.getSnapshot().context.error)).toBe('passkeys actor "registerPasskey" was not provided');
    deleteConfirmed(add, PHONE.id);
    await waitFor(add, (s) => s.matches('ready') && detail(s.context.error) !== undefined);
    expect(detail(add.getSnapshot().context.error)).toBe('passkeys actor "readSignIn" was not provided');
    add.stop();

    const recent = passkeysMachine.provide({
      actors: {
        listPasskeys: fromPromise(async () => [PHONE]),
        readSignIn: fromPromise<SignInTime, void>(async () => ({ userId: 'u-1', authTime: NOW })),
      },
    });
    const del = createActor(recent, { input }).start();
    await waitFor(del, (s) => s.matches('ready'));
    deleteConfirmed(del, PHONE.id);
    await waitFor(del, (s) => s.matches('ready') && s.context.error !== null);
    expect(detail(del.getSnapshot().context.error)).toBe('passkeys actor "deletePasskey" was not provided');
    del.stop();

    // Signed in again, with no way to make that session the app's.
    const stale = passkeysMachine.provide({
      actors: {
        listPasskeys: fromPromise(async () => [PHONE]),
        readSignIn: fromPromise<SignInTime, void>(async () => ({ userId: 'u-1', authTime: 0, loginId: 'ada@example.com' })),
        reauthenticate: fromPromise(async () => new Promise<never>(() => {})) as AnyActorLogic,
      },
    });
    const adopt = createActor(stale, { input }).start();
    await waitFor(adopt, (s) => s.matches('ready'));
    deleteConfirmed(adopt, PHONE.id);
    await waitFor(adopt, (s) => s.matches('reauthenticating'));
    adopt.send(SIGNED_IN_AGAIN);
    await waitFor(adopt, (s) => s.matches('ready') && s.context.error !== null);
    expect(detail(adopt.getSnapshot().context.error)).toBe('passkeys actor "adoptSession" was not provided');
    adopt.stop();
  });

  it('adds nothing where the browser cannot, or the account is full; one below the limit goes to the prompt', async () => {
    const r = rig({ lists: [Array.from({ length: PASSKEY_LIMIT }, (_, i) => key(i))] });
    const unsupported = await ready(r, { supported: false });
    unsupported.send({ type: 'PASSKEY.ADD' });
    expect(unsupported.getSnapshot().value).toBe('ready');
    expect(unsupported.getSnapshot().context.error?.code).toBe('PASSKEY_UNSUPPORTED');
    unsupported.stop();
    const full = await ready(r);
    full.send({ type: 'PASSKEY.ADD' });
    expect(full.getSnapshot().value).toBe('ready');
    expect(full.getSnapshot().context.error?.code).toBe('PASSKEY_LIMIT');
    full.stop();
    expect(r.calls.register).toBe(0);

    const room = rig({ lists: [Array.from({ length: PASSKEY_LIMIT - 1 }, (_, i) => key(i))] });
    const one = await ready(room);
    one.send({ type: 'PASSKEY.ADD' });
    expect(one.getSnapshot().value).toBe('adding');
    one.stop();
  });

  it('a prompt refused keeps the list as it was; any other failure reads it again', async () => {
    let failure: unknown = passkeyError('PASSKEY_CANCELLED');
    const r = rig({
      lists: [[PHONE], [PHONE, LAPTOP]],
      register: () => Promise.reject(failure),
    });
    const actor = await ready(r);
    actor.send({ type: 'PASSKEY.ADD' });
    await waitFor(actor, (s) => s.matches('ready') && s.context.error !== null);
    expect(actor.getSnapshot().context).toMatchObject({ passkeys: [PHONE], error: { code: 'PASSKEY_CANCELLED' } });
    expect(r.calls.list).toBe(1);
    failure = Object.assign(new Error('offline'), { name: 'NetworkError' });
    actor.send({ type: 'PASSKEY.ADD' });
    expect(actor.getSnapshot().context.error).toBeNull();
    await waitFor(actor, (s) => s.matches('ready') && r.calls.list === 2);
    expect(actor.getSnapshot().context).toMatchObject({ passkeys: [PHONE, LAPTOP], error: { code: 'NETWORK' } });
    actor.stop();
  });

  it('deletes only a listed passkey, after a confirmation, and sends its id; the list is hidden while it is read again', async () => {
    const r = rig({ lists: [[PHONE, LAPTOP], [LAPTOP]] });
    const actor = await ready(r);
    actor.send({ type: 'PASSKEY.DELETE', id: 'cred-unknown' });
    actor.send({ type: 'PASSKEY.DELETE', id: 7 as unknown as string });
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.error?.code).toBe('INVALID_EVENT');
    actor.send({ type: 'PASSKEY.DELETE', id: PHONE.id });
    expect(actor.getSnapshot().value).toBe('confirmingDelete');
    expect(actor.getSnapshot().context).toMatchObject({ selected: PHONE, error: null });
    actor.send({ type: 'FLOW.CANCEL' });
    expect(actor.getSnapshot().context.selected).toBeNull();
    deleteConfirmed(actor, PHONE.id);
    await waitFor(actor, (s) => s.matches('deleting'));
    expect(r.calls.deleted).toEqual([{ id: PHONE.id }]);
    expect(actor.getSnapshot().context.signIn).toEqual({ userId: 'u-1', authTime: NOW - 1_000, loginId: 'ada@example.com' });
    const whileLoading: unknown[] = [];
    actor.subscribe((s) => {
      if (s.matches('loading')) whileLoading.push({ passkeys: s.context.passkeys, selected: s.context.selected });
    });
    r.finishDelete();
    await waitFor(actor, (s) => s.matches('ready'));
    expect(whileLoading).toEqual([{ passkeys: null, selected: null }]);
    expect(actor.getSnapshot().context.passkeys).toEqual([LAPTOP]);
    actor.stop();
  });

  it('an old sign-in asks for a new one first, for the same account; cancelled, nothing is deleted', async () => {
    const r = rig({ signIn: OLD_SIGN_IN });
    const actor = await ready(r, { maxAuthAgeMs: 5 * 60_000 });
    deleteConfirmed(actor, LAPTOP.id);
    await waitFor(actor, (s) => s.matches('reauthenticating'));
    actor.send({ type: 'FLOW.CANCEL' });
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context).toMatchObject({ selected: null, error: { code: 'REAUTH_CANCELLED' } });
    expect(r.calls.deleted).toEqual([]);
    actor.stop();
  });

  it("signs the same account in again with the app's sign-in options, then makes that session the app's and deletes", async () => {
    const inputs: { reauthenticate: unknown[]; adopt: unknown[]; session: unknown[] } = { reauthenticate: [], adopt: [], session: [] };
    const r = rig({ signIn: OLD_SIGN_IN });
    const machine = r.machine.provide({
      actors: {
        reauthenticationSession: fromPromise(async ({ input }) => {
          inputs.session.push(input);
        }) as AnyActorLogic,
        // The sign-in flow, already signed in as the same user.
        reauthenticate: fromPromise(async ({ input }) => {
          inputs.reauthenticate.push(input);
          return new Promise<never>(() => {});
        }) as AnyActorLogic,
        adoptSession: fromPromise<void, { userId: string }>(async ({ input }) => {
          inputs.adopt.push(input);
        }),
      },
    });
    const options = { authFlowType: 'USER_SRP_AUTH', totpIssuer: 'Acme' };
    const actor = createActor(machine, { input: { ...input, maxAuthAgeMs: 5 * 60_000, reauthentication: options } }).start();
    await waitFor(actor, (s) => s.matches('ready'));
    deleteConfirmed(actor, LAPTOP.id);
    await waitFor(actor, (s) => s.matches('reauthenticating'));
    expect(inputs.reauthenticate).toEqual([{ ...options, username: 'ada@example.com' }]);
    expect(inputs.session).toEqual([{ username: 'ada@example.com', userId: 'u-1' }]);
    actor.stop();
  });

  it('forgets the chosen passkey whenever it goes back to the list without deleting it', async () => {
    const clock = new SimulatedClock();
    const cases: { name: string; readSignIn: () => Promise<SignInTime>; after: (a: ReturnType<typeof createActor>) => void }[] = [
      { name: 'the sign-in time cannot be read', readSignIn: () => Promise.reject(new Error('no tokens')), after: () => {} },
      { name: 'reading it takes too long', readSignIn: () => new Promise(() => {}), after: () => clock.increment(30_000) },
      { name: 'the user cancels the read', readSignIn: () => new Promise(() => {}), after: (a) => a.send({ type: 'FLOW.CANCEL' }) },
    ];
    for (const c of cases) {
      const machine = rig().machine.provide({ actors: { readSignIn: fromPromise<SignInTime, void>(c.readSignIn) } });
      const actor = createActor(machine, { input, clock }).start();
      await waitFor(actor, (s) => s.matches('ready'));
      deleteConfirmed(actor, PHONE.id);
      expect(actor.getSnapshot().context.selected, c.name).toEqual(PHONE);
      c.after(actor);
      await waitFor(actor, (s) => s.matches('ready'));
      expect(actor.getSnapshot().context.selected, c.name).toBeNull();
      actor.stop();
    }
    // Signed in again, the new session cannot be made the app's (refused, or no answer in time).
    for (const [name, adopt, wait] of [
      ['the session is refused', () => Promise.reject(new Error('refused')), 0],
      ['the session takes too long', () => new Promise<void>(() => {}), 30_000],
    ] as const) {
      const old = rig({ signIn: OLD_SIGN_IN });
      const machine = old.machine.provide({
        actors: {
          reauthenticate: fromPromise(async () => new Promise<never>(() => {})) as AnyActorLogic,
          adoptSession: fromPromise<void, { userId: string }>(adopt),
        },
      });
      const actor = createActor(machine, { input: { ...input, maxAuthAgeMs: 5 * 60_000 }, clock }).start();
      await waitFor(actor, (s) => s.matches('ready'));
      deleteConfirmed(actor, PHONE.id);
      await waitFor(actor, (s) => s.matches('reauthenticating'));
      // The sign-in flow says signed in, as the same user.
      actor.send(SIGNED_IN_AGAIN);
      expect(actor.getSnapshot().matches({ reauthenticating: 'adopting' }), name).toBe(true);
      clock.increment(wait);
      await waitFor(actor, (s) => s.matches('ready'));
      expect(actor.getSnapshot().context.selected, name).toBeNull();
      expect(old.calls.deleted, name).toEqual([]);
      actor.stop();
    }
  });

  it('a call that does not answer in time is a TIMEOUT where the user can try again', async () => {
    const clock = new SimulatedClock();
    const slow = passkeysMachine.provide({ actors: { listPasskeys: fromPromise(() => new Promise<Passkey[]>(() => {})) } });
    const actor = createActor(slow, { input: { ...input, callTimeoutMs: 2_000 }, clock }).start();
    clock.increment(1_999);
    expect(actor.getSnapshot().value).toBe('loading');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('loadFailed');
    expect(actor.getSnapshot().context.error?.code).toBe('TIMEOUT');
    actor.send({ type: 'PASSKEYS.RELOAD' });
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context.error).toBeNull();
    actor.stop();
  });

  it('a sign-out elsewhere ends it with nothing listed or chosen', async () => {
    const actor = await ready(rig());
    actor.send({ type: 'PASSKEY.DELETE', id: PHONE.id });
    actor.send({ type: 'AUTH.SIGNED_OUT' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().context).toMatchObject({ passkeys: null, selected: null, error: { code: 'SIGNED_OUT' } });
    expect(actor.getSnapshot().output).toEqual({ status: 'signedOut' });
  });

  it('stores no list, no chosen passkey and no sign-in; restored, it reads the list again (a failed read and a sign-out stay)', async () => {
    const r = rig();
    const actor = await ready(r, { maxAuthAgeMs: 10 * 60_000 });
    actor.send({ type: 'PASSKEY.DELETE', id: PHONE.id });
    const stored = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as { value: unknown; context: Record<string, unknown> };
    expect(stored.value).toBe('confirmingDelete');
    const { now: _now, ...kept } = actor.getSnapshot().context;
    expect(stored.context).toEqual({ ...kept, passkeys: null, selected: null, signIn: null });
    expect(stored.context).toMatchObject({ supported: true, maxAuthAgeMs: 10 * 60_000 });
    const restored = createActor(r.machine, { snapshot: stored as never, input }).start();
    expect(restored.getSnapshot().value).toBe('loading');
    await waitFor(restored, (s) => s.matches('ready'));
    restored.stop();

    for (const value of ['loadFailed', 'signedOut']) {
      const again = createActor(r.machine, {
        snapshot: { ...stored, value, status: value === 'signedOut' ? 'done' : 'active' } as never,
        input,
      });
      again.start();
      expect(again.getSnapshot().value).toBe(value);
      again.stop();
    }
    actor.stop();
  });
});
