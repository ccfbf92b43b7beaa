import { createActor, fromPromise, waitFor } from 'xstate';
import type { AnyActorRef, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { recoveryCodesMachine } from '../../machines/recovery/recoveryCodes.machine.js';
import { recoverySignInMachine } from '../../machines/recovery/recoverySignIn.machine.js';
import type { StartedCodes } from '../../machines/recovery/recovery.types.js';

// Both recovery flows event by event, with calls answered by hand: what is sent, what the context holds, and
// what a stored snapshot keeps and restores to. The generated paths (recovery.paths.test.ts) walk every
// transition; these pin what a path cannot see.

const PASSWORD = 'Correct-h0rse!';
const CODES: StartedCodes = { codes: ['abcde-fghij', 'klmno-pqrst'] };

/** A call that waits for the test: `answer()` or `fail(error)` the latest one. */
function held<I>() {
  const inputs: I[] = [];
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const logic = fromPromise<void, I>(
    ({ input }) =>
      new Promise<void>((resolve, reject) => {
        inputs.push(input);
        settle = { resolve, reject };
      }),
  );
  return { logic, inputs, answer: () => settle?.resolve(), fail: (e: unknown) => settle?.reject(e) };
}

function startError(machine: AnyStateMachine, input: unknown): string {
  const actor = createActor(machine, { input });
  actor.subscribe({ error: () => {} });
  actor.start();
  expect(actor.getSnapshot().status).toBe('error');
  return (actor.getSnapshot().error as Error).message;
}

/** The snapshot a reload would store, then the flow a reload would start from it. */
function reload<A extends AnyActorRef>(actor: A, machine: AnyStateMachine) {
  const stored = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as { value: unknown; context: Record<string, unknown> };
  const restored = createActor(machine, { snapshot: stored as never }).start();
  return { stored, restored };
}

describe('recoveryCodes: event by event', () => {
  function codesRig() {
    const started: { password: string }[] = [];
    const save = held<void>();
    const discard = held<void>();
    const machine = recoveryCodesMachine.provide({
      actors: {
        startCodes: fromPromise<StartedCodes, { password: string }>(async ({ input }) => {
          started.push(input);
          return CODES;
        }),
        saveCodes: save.logic,
        discardCodes: discard.logic,
      },
    });
    return { machine, started, save, discard };
  }

  it('starts with no input: the default timeout, no set, nothing typed, working', () => {
    const actor = createActor(recoveryCodesMachine, { input: undefined }).start();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context).toEqual({
      callTimeoutMs: 30_000,
      hasCodes: false,
      password: '',
      codes: [],
      error: null,
      status: 'working',
    });
    actor.stop();
  });

  it('names the machine and the field when callTimeoutMs is not a duration', () => {
    expect(startError(recoveryCodesMachine, { callTimeoutMs: -1 })).toBe(
      'recoveryCodes: input.callTimeoutMs must be a number of milliseconds from 1 to 86400000 (got -1)',
    );
  });

  it('says which call was not provided', async () => {
    const actor = createActor(recoveryCodesMachine, { input: undefined }).start();
    actor.send({ type: 'CODES.START' });
    actor.send({ type: 'PASSWORD.SUBMIT', password: PASSWORD });
    await waitFor(actor, (s) => s.context.error !== null);
    expect(actor.getSnapshot().context.error?.detail).toBe('recoveryCodes actor "startCodes" was not provided');
    actor.stop();

    const shown = recoveryCodesMachine.provide({ actors: { startCodes: fromPromise(async () => CODES) } });
    for (const [event, call] of [
      ['CODES.SAVED', 'saveCodes'],
      ['FLOW.CANCEL', 'discardCodes'],
    ] as const) {
      const other = createActor(shown, { input: undefined }).start();
      other.send({ type: 'CODES.START' });
      other.send({ type: 'PASSWORD.SUBMIT', password: PASSWORD });
      await waitFor(other, (s) => s.matches('showing'));
      other.send({ type: event });
      await waitFor(other, (s) => s.context.error !== null);
      expect(other.getSnapshot().context.error?.detail).toBe(`recoveryCodes actor "${call}" was not provided`);
      other.stop();
    }
  });

  it('refuses an empty password before any call, and keeps asking', () => {
    const r = codesRig();
    const actor = createActor(r.machine, { input: undefined }).start();
    actor.send({ type: 'CODES.START' });
    actor.send({ type: 'PASSWORD.SUBMIT', password: '' });
    expect(actor.getSnapshot().value).toBe('enteringPassword');
    expect(actor.getSnapshot().context.error?.code).toBeTruthy();
    expect(r.started).toEqual([]);
    actor.stop();
  });

  it('a failed save shows its error; saying "saved" again clears it while the set is stored', async () => {
    const r = codesRig();
    const actor = createActor(r.machine, { input: undefined }).start();
    actor.send({ type: 'CODES.START' });
    actor.send({ type: 'PASSWORD.SUBMIT', password: PASSWORD });
    await waitFor(actor, (s) => s.matches('showing'));
    expect(r.started).toEqual([{ password: PASSWORD }]);
    actor.send({ type: 'CODES.SAVED' });
    r.save.fail(Object.assign(new Error('down'), { name: 'NetworkError' }));
    await waitFor(actor, (s) => s.matches({ showing: 'viewing' }) && s.context.error !== null);
    actor.send({ type: 'CODES.SAVED' });
    expect(actor.getSnapshot().value).toEqual({ showing: 'saving' });
    expect(actor.getSnapshot().context.error).toBeNull();
    r.save.answer();
    await waitFor(actor, (s) => s.status === 'done');
    expect(actor.getSnapshot().context).toMatchObject({ status: 'saved', hasCodes: true, codes: [] });
    expect(actor.getSnapshot().output).toEqual({ status: 'saved', hasCodes: true });
    actor.stop();
  });

  it('cancelled, it says so in its context and its output', () => {
    const actor = createActor(recoveryCodesMachine, { input: { hasCodes: true } }).start();
    actor.send({ type: 'CODES.START' });
    expect(actor.getSnapshot().value).toBe('warning');
    actor.send({ type: 'FLOW.CANCEL' });
    expect(actor.getSnapshot().context.status).toBe('cancelled');
    expect(actor.getSnapshot().output).toEqual({ status: 'cancelled', hasCodes: true });
  });

  it('stores everything but the password and the codes, and a stored flow restores where it was', async () => {
    const r = codesRig();
    const actor = createActor(r.machine, { input: { hasCodes: true, callTimeoutMs: 5_000 } }).start();
    actor.send({ type: 'CODES.START' });
    actor.send({ type: 'CODES.REPLACE' });
    actor.send({ type: 'PASSWORD.SUBMIT', password: '' });
    const atPassword = reload(actor, r.machine);
    expect(atPassword.stored.value).toBe('enteringPassword');
    expect(atPassword.stored.context).toEqual({ ...actor.getSnapshot().context, password: '', codes: [] });
    expect(atPassword.stored.context).toMatchObject({ hasCodes: true, callTimeoutMs: 5_000, status: 'working' });
    expect(atPassword.restored.getSnapshot().value).toBe('enteringPassword');
    expect(atPassword.restored.getSnapshot().context.error).toEqual(actor.getSnapshot().context.error);
    atPassword.restored.stop();

    actor.send({ type: 'PASSWORD.SUBMIT', password: PASSWORD });
    await waitFor(actor, (s) => s.matches('showing'));
    expect(actor.getSnapshot().context.codes).toEqual(CODES.codes);
    const atCodes = reload(actor, r.machine);
    expect(atCodes.stored.context).toEqual({ ...actor.getSnapshot().context, password: '', codes: [] });
    // The codes were never stored, so there is nothing to show again: it starts over, the old set still working.
    expect(atCodes.restored.getSnapshot().value).toBe('idle');
    expect(atCodes.restored.getSnapshot().context.codes).toEqual([]);
    atCodes.restored.stop();
    actor.stop();
  });
});

describe('recoverySignIn: event by event', () => {
  function signInRig() {
    const start = held<{ username: string; password: string }>();
    const confirm = held<{ code: string }>();
    const machine = recoverySignInMachine.provide({ actors: { startRecoverySignIn: start.logic, confirmRecoveryCode: confirm.logic } });
    return { machine, start, confirm };
  }

  it('starts with no input: default timeout and attempts, no user, working', () => {
    const actor = createActor(recoverySignInMachine, { input: undefined }).start();
    expect(actor.getSnapshot().value).toBe('enteringCredentials');
    expect(actor.getSnapshot().context).toEqual({
      callTimeoutMs: 30_000,
      maxAttempts: 5,
      attemptsLeft: 5,
      username: '',
      password: '',
      code: '',
      error: null,
      status: 'working',
    });
    actor.stop();
  });

  it('names the machine and the field of bad input', () => {
    expect(startError(recoverySignInMachine, { callTimeoutMs: 'soon' })).toMatch(/^recoverySignIn: input\.callTimeoutMs must be /);
    expect(startError(recoverySignInMachine, { maxAttempts: 0 })).toMatch(/^recoverySignIn: input\.maxAttempts must be /);
  });

  it('says which call was not provided', async () => {
    const actor = createActor(recoverySignInMachine, { input: undefined }).start();
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: 'ada@example.com', password: PASSWORD });
    await waitFor(actor, (s) => s.context.error !== null);
    expect(actor.getSnapshot().context.error?.detail).toBe('recoverySignIn actor "startRecoverySignIn" was not provided');
    actor.stop();

    const started = recoverySignInMachine.provide({ actors: { startRecoverySignIn: fromPromise(async () => {}) } });
    const other = createActor(started, { input: undefined }).start();
    other.send({ type: 'CREDENTIALS.SUBMIT', username: 'ada@example.com', password: PASSWORD });
    await waitFor(other, (s) => s.matches('awaitingCode'));
    other.send({ type: 'CODE.SUBMIT', code: 'abcde-fghjk' });
    await waitFor(other, (s) => s.context.error !== null);
    expect(other.getSnapshot().context.error?.detail).toBe('recoverySignIn actor "confirmRecoveryCode" was not provided');
    other.stop();
  });

  it('sends nothing for a bad identifier or an empty password, keeps what was typed, and sends the identifier trimmed', () => {
    const r = signInRig();
    const actor = createActor(r.machine, { input: undefined }).start();
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: '', password: PASSWORD });
    expect(actor.getSnapshot().value).toBe('enteringCredentials');
    expect(actor.getSnapshot().context.error).not.toBeNull();
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: 'ada@example.com', password: '' });
    expect(actor.getSnapshot().value).toBe('enteringCredentials');
    expect(actor.getSnapshot().context).toMatchObject({ username: 'ada@example.com', password: '' });
    expect(actor.getSnapshot().context.error).not.toBeNull();
    expect(r.start.inputs).toEqual([]);
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: '  ada@example.com ', password: PASSWORD });
    expect(actor.getSnapshot().value).toBe('signingIn');
    expect(r.start.inputs).toEqual([{ username: 'ada@example.com', password: PASSWORD }]);
    actor.stop();
  });

  it('sends no malformed code, and keeps it as typed', async () => {
    const r = signInRig();
    const actor = createActor(r.machine, { input: { username: 'ada@example.com' } }).start();
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: 'ada@example.com', password: PASSWORD });
    r.start.answer();
    await waitFor(actor, (s) => s.matches('awaitingCode'));
    actor.send({ type: 'CODE.SUBMIT', code: '12345' });
    expect(actor.getSnapshot().value).toBe('awaitingCode');
    expect(actor.getSnapshot().context).toMatchObject({ code: '12345', error: { code: 'RECOVERY_CODE_FORMAT' } });
    expect(r.confirm.inputs).toEqual([]);
    actor.send({ type: 'CODE.SUBMIT', code: 'ABCDE FGHJK' });
    expect(r.confirm.inputs).toEqual([{ code: 'abcde-fghjk' }]);
    actor.stop();
  });

  it('cancelled, it says so in its context and its output', () => {
    const actor = createActor(recoverySignInMachine, { input: { username: 'ada@example.com' } }).start();
    actor.send({ type: 'FLOW.CANCEL' });
    expect(actor.getSnapshot().context.status).toBe('cancelled');
    expect(actor.getSnapshot().output).toEqual({ status: 'cancelled', username: 'ada@example.com' });
  });

  it('stores everything but the password and the code', async () => {
    const r = signInRig();
    const actor = createActor(r.machine, { input: { maxAttempts: 3 } }).start();
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: 'ada@example.com', password: PASSWORD });
    r.start.answer();
    await waitFor(actor, (s) => s.matches('awaitingCode'));
    actor.send({ type: 'CODE.SUBMIT', code: 'not a code' });
    const { stored, restored } = reload(actor, r.machine);
    expect(stored.value).toBe('awaitingCode');
    expect(stored.context).toEqual({ ...actor.getSnapshot().context, password: '', code: '' });
    expect(stored.context).toMatchObject({ username: 'ada@example.com', maxAttempts: 3, attemptsLeft: 3, status: 'working' });
    expect(restored.getSnapshot().value).toBe('awaitingCode');
    expect(restored.getSnapshot().context).toEqual(stored.context);
    restored.stop();
    actor.stop();
  });
});
