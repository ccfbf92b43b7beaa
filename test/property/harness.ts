/**
 * Runs one random sequence on a live actor and checks the invariants after
 * every command. The actor's calls are fakes the sequence answers, fails or
 * leaves hanging; its clock is xstate's SimulatedClock, moved by the
 * sequence. A failed invariant throws with the command number, the command,
 * the state and what was wrong, so fast-check can shrink it and print a seed.
 */
import { SimulatedClock, createActor } from 'xstate';
import type { AnyActorRef, AnyEventObject, AnyStateMachine, InspectionEvent } from 'xstate';
import { fc } from '@fast-check/vitest';
import { vi } from 'vitest';
import { ERROR_MESSAGES, isFlowError } from '../../machines/shared/errors.js';
import type { AnyMachineSnapshot } from '../../src/diagram/paths.js';
import { FakeActors } from '../support/fakeActors.js';
import type { FakeCall } from '../support/fakeActors.js';
import { advanceClock, flush, playStep } from '../support/replay.js';
import { COGNITO_FAULTS, ONE_MB, TEN_KB, show } from './arbitraries.js';
import type { Command } from './arbitraries.js';

export type SecretKind = 'password' | 'code' | 'totpSecret' | 'answer';

/** A view of any machine: a step, `busy`, and what that step has. */
export type AnyView = { readonly step: string; readonly busy: boolean; readonly error: unknown } & Readonly<Record<string, unknown>>;

export interface MachineSpec {
  readonly name: string;
  /** The machine with every invoked call faked (child machines stay real, their calls faked too). */
  build(fakes: FakeActors): AnyStateMachine;
  /** The machine's input for one run; `now` is the run's simulated clock. */
  input(generated: Record<string, unknown>, now: () => number): unknown;
  /** Valid answers of each faked call (by src), from its output type. */
  readonly answers: Readonly<Record<string, readonly unknown[]>>;
  connect(snapshot: AnyMachineSnapshot, send: (event: AnyEventObject) => void): AnyView;
  /** The running child flow and its view, when there is one (mfaSettings). */
  child?(snapshot: AnyMachineSnapshot): { ref: AnyActorRef; connect(send: (event: AnyEventObject) => void): AnyView } | null;
  /** The fields of an event that carry a secret, by kind; every other string in it is plain text. */
  secretFields(event: AnyEventObject): readonly (readonly [SecretKind, string])[];
  /** The secrets an answer carries. */
  answerSecrets(src: string, output: unknown): readonly (readonly [SecretKind, string])[];
  /** Which secrets may be in the snapshot in its state (from the machine's own descriptions and README). */
  allowedSecrets(snapshot: AnyMachineSnapshot): ReadonlySet<SecretKind>;
  /** Wrong-code counters and their bounds, where the machine has them. */
  attempts(snapshot: AnyMachineSnapshot): readonly { readonly name: string; readonly left: unknown; readonly max: number }[];
  /** What is wrong with the input of a call the machine just made (null when it is well-formed). */
  checkCall(call: FakeCall, snapshot: AnyMachineSnapshot): string | null;
  /** How long a call may hang before the machine must give up on it. */
  callTimeoutMs(input: Record<string, unknown>): number;
  /** A typed error of the machine's own besides FlowError (the passkeys flow's PASSKEY_* errors). */
  ownError?(error: unknown): boolean;
}

export type Invariant = 'safety' | 'secrets' | 'liveness';

export interface RunFigures {
  runs: number;
  commands: number;
  ms: number;
  /** The ids of the root machine's state nodes the runs were in. */
  states: Set<string>;
}

class InvariantError extends Error {
  override name = 'InvariantError';
}

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** What was written to the console while the console is watched (see watchConsole). */
const consoleCalls: string[] = [];

/** Replaces console.* with recorders for a whole suite; returns the restore. */
export function watchConsole(): () => void {
  const spies = CONSOLE.map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(`console.${m}(${args.map(show).join(', ')})`);
    }),
  );
  return () => {
    for (const spy of spies) spy.mockRestore();
  };
}

/** Every string inside a value (events, answers), without touching what throws on reading. */
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object' && depth < 4) {
    try {
      const proto = Object.getPrototypeOf(value);
      if (Array.isArray(value) || proto === Object.prototype || proto === null)
        for (const v of Object.values(value)) stringsIn(v, out, depth + 1);
    } catch {
      // A hostile object: nothing of it can end up anywhere as a string.
    }
  }
  return out;
}

/**
 * A plain value and the forms a machine may keep it in (trimmed, lower-cased,
 * a phone number without its spaces, dashes and brackets, 00 read as +), so
 * a secret that happens to equal one of them is not mistaken for a leak.
 */
function asKept(text: string): string[] {
  const trimmed = text.trim();
  return [text, trimmed, trimmed.toLowerCase(), trimmed.replace(/[\s\-.()]/g, '').replace(/^00/, '+')];
}

/** Every string leaf of a snapshot-like value, with its path; functions, numbers and actor refs are skipped. */
function leaves(value: unknown, path: string, out: [string, string][], seen: Set<unknown>): void {
  if (typeof value === 'string') {
    out.push([path, value]);
    return;
  }
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  let entries: [string, unknown][];
  try {
    entries = Object.entries(value);
  } catch {
    return;
  }
  for (const [k, v] of entries) leaves(v, `${path}.${k}`, out, seen);
}

function isMachineActor(ref: unknown): boolean {
  const logic = (ref as { logic?: { config?: unknown } } | undefined)?.logic;
  return typeof logic?.config === 'object';
}

const vocabularyOf = new Map<string, string>();

/**
 * One run of a random sequence against one machine, checking `invariants`
 * after every command (and `figures` counting what ran).
 */
export async function runSequence(
  spec: MachineSpec,
  generatedInput: Record<string, unknown>,
  prefix: readonly AnyEventObject[],
  commands: readonly Command[],
  invariants: ReadonlySet<Invariant>,
  figures?: RunFigures,
): Promise<void> {
  const fakes = new FakeActors();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const machine = spec.build(fakes);
  // Words that are in every snapshot anyway: a "secret" that is one of them proves nothing.
  const vocabulary = vocabularyOf.get(spec.name) ?? JSON.stringify([machine.definition, ERROR_MESSAGES]);
  vocabularyOf.set(spec.name, vocabulary);
  const crashes: string[] = [];
  consoleCalls.length = 0;
  if (!vi.isMockFunction(console.error)) throw new Error('runSequence needs watchConsole() around it');
  const inspect = (e: InspectionEvent) => {
    if (e.type === '@xstate.snapshot' && (e.snapshot as { status?: string }).status === 'error' && isMachineActor(e.actorRef)) {
      crashes.push(`actor ${(e.actorRef as AnyActorRef).id} crashed: ${show((e.snapshot as { error?: unknown }).error)}`);
    }
  };
  const input = spec.input(generatedInput, () => clock.now());
  const actor = createActor(machine, { input, clock, inspect });
  actor.subscribe({ error: (e) => crashes.push(`the actor stopped with an error: ${show(e)}`) });

  // What the run typed or was answered: secrets by kind, everything else as plain text.
  const secrets: (readonly [SecretKind, string])[] = [];
  const plain: string[] = [...stringsIn(generatedInput), ...COGNITO_FAULTS.map((f) => f.label)];
  const record = (event: AnyEventObject) => {
    const secret = spec.secretFields(event);
    for (const [kind, key] of secret) {
      const value = event[key];
      if (typeof value === 'string') secrets.push([kind, value]);
    }
    const secretKeys = new Set(secret.map(([, key]) => key));
    for (const [key, value] of Object.entries(event)) if (!secretKeys.has(key)) plain.push(...stringsIn(value).flatMap(asKept));
  };
  const sendRoot = (event: AnyEventObject) => {
    record(event);
    actor.send(event);
  };
  let seenCalls = 0;
  const where = () => JSON.stringify(actor.getSnapshot().value);

  const fail = (step: string, invariant: string, detail: string): never => {
    throw new InvariantError(`${spec.name}: ${invariant} — after ${step}, in state ${where()}: ${detail}`);
  };

  const checkSafety = (step: string) => {
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    if (crashes.length > 0) fail(step, 'the actor never errors', crashes.join('; '));
    if (snapshot.status === 'error') fail(step, 'the actor never errors', `status is error: ${show(snapshot.error)}`);
    if (consoleCalls.length > 0) fail(step, 'nothing is written to the console', consoleCalls.join('; ').slice(0, 500));
    checkView(step, () => spec.connect(snapshot, sendRoot), 'view');
    const child = spec.child?.(snapshot);
    if (child) checkView(step, () => child.connect(() => undefined), 'child view');
    for (const a of spec.attempts(snapshot)) {
      if (typeof a.left !== 'number' || !Number.isInteger(a.left) || a.left < 0 || a.left > a.max) {
        fail(step, 'attemptsLeft stays within 0..max', `${a.name} is ${show(a.left)}, max ${a.max}`);
      }
    }
    for (const call of fakes.calls.slice(seenCalls)) {
      const problem = spec.checkCall(call, snapshot);
      if (problem) fail(step, 'only well-formed input reaches a call', `${call.src}(${show(call.input)}): ${problem}`);
    }
    seenCalls = fakes.calls.length;
  };

  const checkView = (step: string, render: () => AnyView, what: string) => {
    let view: AnyView;
    try {
      view = render();
    } catch (e) {
      return fail(step, 'every view renders', `connect threw ${show(e)}`);
    }
    checkViewObject(step, view, what);
  };

  const checkViewObject = (step: string, view: AnyView, what: string) => {
    if (typeof view.step !== 'string' || typeof view.busy !== 'boolean')
      fail(step, 'every view renders', `${what} has no step or busy: ${show(view)}`);
    if (view.error !== null && !isFlowError(view.error) && !spec.ownError?.(view.error))
      fail(step, 'a view error is a typed FlowError', `${what}.error is ${show(view.error)}`);
    if ('values' in view) {
      for (const [name, typed] of Object.entries(view.values as object)) {
        if (typeof typed !== 'string') fail(step, 'what the user typed is kept as text', `${what}.values.${name} is ${show(typed)}`);
      }
    }
    if ('attemptsLeft' in view) {
      const left = view.attemptsLeft;
      if (typeof left !== 'number' || !Number.isInteger(left) || left < 0)
        fail(step, 'attemptsLeft stays within 0..max', `${what}.attemptsLeft is ${show(left)}`);
    }
    for (const [key, member] of Object.entries(view)) {
      if (typeof member === 'function' && /^get.*Props$/.test(key)) {
        let props: unknown;
        try {
          props = (member as (m?: string) => unknown)('TOTP');
        } catch (e) {
          fail(step, 'every view renders', `${what}.${key}() threw ${show(e)}`);
        }
        if (!props || typeof props !== 'object') fail(step, 'every view renders', `${what}.${key}() gave ${show(props)}`);
      } else if (member && typeof member === 'object' && 'step' in member && 'busy' in member) {
        checkViewObject(step, member as AnyView, `${what}.${key}`);
      }
    }
  };

  const checkSecrets = (step: string) => {
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    if (snapshot.status === 'error') return;
    const allowed = spec.allowedSecrets(snapshot);
    let persisted: unknown;
    try {
      persisted = actor.getPersistedSnapshot();
      JSON.stringify(persisted);
    } catch (e) {
      fail(step, 'the persisted snapshot serializes', `JSON.stringify threw ${show(e)}`);
    }
    // What may be stored (Surviving a reload) holds no secret at any step, its own step included.
    const stored: [string, string][] = [];
    leaves(persisted, 'persisted', stored, new Set());
    for (const [kind, value] of secrets) {
      if (value.trim().length < 6 || vocabulary.includes(value) || plain.some((p) => p.includes(value))) continue;
      for (const [path, leaf] of stored)
        if (leaf !== ONE_MB && leaf !== TEN_KB && leaf.includes(value))
          fail(step, `no ${kind} in the persisted snapshot at any step`, `${show(value)} found at ${path}`);
    }
    // A secret inside another that may be here (a code "123456", then a password "1234567") proves nothing.
    const needles = secrets.filter(
      ([kind, value]) =>
        !allowed.has(kind) &&
        !secrets.some(([other, text]) => allowed.has(other) && text.includes(value)) &&
        value.trim().length >= 6 &&
        !vocabulary.includes(value) &&
        !plain.some((p) => p.includes(value)),
    );
    if (needles.length === 0) return;
    const found: [string, string][] = [];
    const seen = new Set<unknown>();
    leaves({ value: snapshot.value, context: snapshot.context }, 'snapshot', found, seen);
    leaves(persisted, 'persisted', found, new Set());
    try {
      leaves(
        spec.connect(snapshot, () => undefined),
        'view',
        found,
        new Set(),
      );
    } catch {
      // A view that does not render is the safety invariant's to report.
    }
    for (const [path, leaf] of found) {
      if (leaf === ONE_MB || leaf === TEN_KB) continue;
      for (const [kind, value] of needles) {
        if (leaf.includes(value)) fail(step, `no ${kind} outside the states that need it`, `${show(value)} found at ${path}`);
      }
    }
  };

  const check = (step: string) => {
    if (figures) for (const node of (actor.getSnapshot() as unknown as { _nodes: { id: string }[] })._nodes) figures.states.add(node.id);
    if (invariants.has('safety')) checkSafety(step);
    else if (crashes.length > 0 || actor.getSnapshot().status === 'error') return false;
    if (invariants.has('secrets')) checkSecrets(step);
    return true;
  };

  /** Picks a call by its place from the newest: answers may also reach calls the machine gave up on. */
  const pickCall = (pick: number) => {
    const open = fakes.calls.filter((c) => !c.settled).reverse();
    return open.length === 0 ? undefined : open[pick % open.length];
  };

  const apply = async (command: Command) => {
    switch (command.kind) {
      case 'send': {
        // A flow that has ended takes no more events (its last view offers none); xstate warns about any sent anyway.
        if (actor.getSnapshot().status !== 'active') return;
        if (command.to === 'root') sendRoot(command.event);
        else {
          const child = spec.child?.(actor.getSnapshot() as AnyMachineSnapshot);
          if (child?.ref.getSnapshot().status !== 'active') return;
          record(command.event);
          child.ref.send(command.event);
        }
        return;
      }
      case 'act': {
        const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
        const views: [string, AnyView, (e: AnyEventObject) => void][] = [['', spec.connect(snapshot, sendRoot), sendRoot]];
        const child = spec.child?.(snapshot);
        if (child) {
          const sendChild = (e: AnyEventObject) => {
            record(e);
            child.ref.send(e);
          };
          views.push(['child.', child.connect(sendChild), sendChild]);
        }
        const actions = views.flatMap(([prefix, view]) =>
          Object.keys(view)
            .filter((k) => typeof view[k] === 'function' && !/^get.*Props$/.test(k))
            .sort()
            .map((k) => [`${prefix}${k}`, view[k] as (...args: unknown[]) => void] as const),
        );
        if (actions.length === 0) return;
        const [, action] = actions[command.pick % actions.length]!;
        action(...command.args);
        return;
      }
      case 'resolve': {
        const call = pickCall(command.pick);
        if (!call) return;
        const answers = spec.answers[call.src] ?? [undefined];
        const output = answers[command.choice % answers.length];
        answered(call.src, output);
        call.resolve(output);
        await flush();
        return;
      }
      case 'reject': {
        const call = pickCall(command.pick);
        if (!call) return;
        call.reject(command.fault.make());
        await flush();
        return;
      }
      case 'advance':
        advanceClock(clock, command.ms);
        return;
    }
  };

  /** Every busy state has a way out: a cancel that leaves it, or a timeout when its call hangs. */
  const checkLiveness = async (step: string) => {
    const timeout = spec.callTimeoutMs(generatedInput);
    for (let round = 0; round < 8; round++) {
      const root = actor.getSnapshot() as AnyMachineSnapshot;
      if (root.status !== 'active') return;
      const child = spec.child?.(root);
      const target: AnyActorRef | undefined = root.hasTag('busy')
        ? actor
        : child && (child.ref.getSnapshot() as AnyMachineSnapshot).hasTag('busy')
          ? child.ref
          : undefined;
      if (!target) return;
      const label = `${target === actor ? '' : `child ${target.id} `}${JSON.stringify((target.getSnapshot() as AnyMachineSnapshot).value)}`;
      const stillThere = () => {
        const s = target.getSnapshot() as AnyMachineSnapshot;
        return (
          s.status === 'active' &&
          s.hasTag('busy') &&
          `${target === actor ? '' : `child ${target.id} `}${JSON.stringify(s.value)}` === label
        );
      };
      if ((target.getSnapshot() as AnyMachineSnapshot).can({ type: 'FLOW.CANCEL' })) {
        target.send({ type: 'FLOW.CANCEL' });
        await flush();
        if (stillThere()) fail(step, 'a busy state can be left', `FLOW.CANCEL was accepted in ${label} but it is still there`);
        continue;
      }
      advanceClock(clock, timeout + 1);
      await flush();
      if (stillThere()) {
        fail(
          step,
          'a call that never answers has a way out',
          `${label} is busy, offers no cancel, and is still busy ${timeout + 1} ms after its call stopped answering`,
        );
      }
    }
    fail(step, 'a call that never answers has a way out', 'still busy after 8 rounds of cancelling and waiting');
  };

  const answered = (src: string, output: unknown) => {
    const secret = spec.answerSecrets(src, output);
    secrets.push(...secret);
    plain.push(...stringsIn(output).filter((text) => !secret.some(([, v]) => text.includes(v))));
  };

  const started = performance.now();
  try {
    actor.start();
    await flush();
    if (!check('start')) return;
    // The warm-up: a generated path into the machine, played as far as this run's input lets it go.
    const live = { actor, fakes, clock, machine };
    for (const [i, event] of prefix.entries()) {
      const done = /^xstate\.done\.actor\.(.+)$/.exec(event.type);
      if (done) answered(done[1] ?? '', (event as { output?: unknown }).output);
      else if (!event.type.startsWith('xstate.')) {
        if (actor.getSnapshot().status !== 'active') break;
        record(event);
      }
      try {
        if (!(await playStep(live, event))) break;
      } catch (e) {
        if (invariants.has('safety')) fail(`warm-up step ${i + 1} (${event.type})`, 'nothing throws', show(e));
        return;
      }
      if (!check(`warm-up step ${i + 1} (${event.type})`)) return;
    }
    for (const [i, command] of commands.entries()) {
      const step = `command #${i + 1} (${fc.stringify(command)})`;
      try {
        await apply(command);
      } catch (e) {
        if (invariants.has('safety')) fail(step, 'nothing throws', `${show(e)}`);
        return;
      }
      if (!check(step)) return;
    }
    if (invariants.has('liveness')) await checkLiveness(`the last command (${commands.length})`);
  } finally {
    actor.stop();
    if (figures) {
      figures.runs += 1;
      figures.commands += commands.length;
      figures.ms += performance.now() - started;
    }
  }
}
