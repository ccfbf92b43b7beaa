/**
 * Builds a traversal model from plain lists: the user events, what each
 * invoked actor can answer, and what each delay means, all with the words the
 * path catalogue prints.
 */
import type { AnyEventObject, AnyStateMachine } from 'xstate';
import type { AnyMachineSnapshot, PathModel } from './paths.js';
import { activeDelays, activeInvokes, doneEvent, errorEvent } from './paths.js';

interface Labelled<T> {
  readonly label: string;
  readonly value: T;
}

export interface ModelSpec<TInput> {
  readonly machine: AnyStateMachine;
  readonly input: TInput;
  readonly userEvents: readonly { readonly event: AnyEventObject; readonly label: string }[];
  /** Per invoked actor (by src): its possible results and failures. */
  readonly outcomes: Readonly<
    Record<string, { readonly done: readonly Labelled<unknown>[]; readonly errors: readonly Labelled<{ name: string; message: string }>[] }>
  >;
  /** Per named delay: what waiting for it means. */
  readonly delays: Readonly<Record<string, string>>;
  /** Context that makes two snapshots with the same value different vertices. */
  readonly serialize?: (snapshot: AnyMachineSnapshot) => string;
  /**
   * A delay that always fires before the others while it runs (a call timeout
   * far shorter than any challenge timer): while it is active, waiting means
   * waiting for it, so no path has a later timer overtake it.
   */
  readonly firstDelay?: string;
  /** Other inputs to walk as well, each named for the catalogue. */
  readonly variants?: readonly { readonly name: string; readonly input: TInput }[];
}

export interface BuiltModel<TInput> {
  readonly model: PathModel<TInput>;
  readonly label: (event: AnyEventObject) => string;
}

const delayName = (event: AnyEventObject) => event.type.split('.')[2] ?? '';

function firstDelays(delays: AnyEventObject[], first: string | undefined): AnyEventObject[] {
  const urgent = first ? delays.filter((d) => delayName(d) === first) : [];
  return urgent.length > 0 ? urgent : delays;
}

export function defineModel<TInput>(spec: ModelSpec<TInput>): BuiltModel<TInput> {
  const outcomesFor = (invokeId: string, src: string): { event: AnyEventObject; label: string }[] => {
    const o = spec.outcomes[src];
    if (!o) throw new Error(`the ${spec.machine.id} model has no outcomes for actor "${src}"`);
    return [
      ...o.done.map((d) => ({ event: doneEvent(invokeId, d.value), label: d.label })),
      ...o.errors.map((e) => ({ event: errorEvent(invokeId, e.value), label: e.label })),
    ];
  };
  const delayLabel = (type: string) => {
    const delay = delayName({ type });
    return spec.delays[delay] ?? `wait (${delay})`;
  };
  const labels = new Map<string, string>();
  const remember = (l: { event: AnyEventObject; label: string }) => {
    labels.set(JSON.stringify(l.event), l.label);
    return l.event;
  };
  spec.userEvents.forEach(remember);
  return {
    model: {
      machine: spec.machine,
      input: spec.input,
      // Answers first: where a user event and an answer lead to the same place, paths show the answer.
      events: (snapshot) => [
        ...activeInvokes(snapshot).flatMap((inv) => outcomesFor(inv.id, inv.src).map(remember)),
        ...firstDelays(activeDelays(snapshot), spec.firstDelay).map((event) => remember({ event, label: delayLabel(event.type) })),
        ...spec.userEvents.map((u) => u.event),
      ],
      ...(spec.serialize ? { serialize: spec.serialize } : {}),
      ...(spec.variants ? { variants: spec.variants } : {}),
    },
    label: (event) => labels.get(JSON.stringify(event)) ?? (event.type.startsWith('xstate.after.') ? delayLabel(event.type) : event.type),
  };
}
