/**
 * Builds a traversal model from plain lists: the user events, what each
 * invoked actor can answer, and what each delay means, all with the words the
 * path catalogue prints and the slug each gives a path's id.
 */
import type { AnyEventObject, AnyStateMachine } from 'xstate';
import type { AnyMachineSnapshot, PathModel, Variant } from './paths.js';
import { activeDelays, activeInvokes, doneEvent, errorEvent, snapshotEvent, typeSlug } from './paths.js';

/** What a step is called: words for people, and a slug (lower-case words joined by `-`) for path ids. */
export interface Named {
  readonly label: string;
  readonly slug: string;
}

interface Labelled<T> extends Named {
  readonly value: T;
}

export interface ModelSpec<TInput> {
  readonly machine: AnyStateMachine;
  readonly input: TInput;
  readonly userEvents: readonly (Named & { readonly event: AnyEventObject })[];
  /**
   * Per invoked actor (by src): its possible results and failures, and for a child flow that never ends by itself
   * (the sign-in flow a re-authentication runs), the snapshots of it its parent acts on (`onSnapshot`).
   */
  readonly outcomes: Readonly<
    Record<
      string,
      {
        readonly done: readonly Labelled<unknown>[];
        readonly errors: readonly Labelled<{ name: string; message: string }>[];
        readonly snapshots?: readonly Labelled<unknown>[];
      }
    >
  >;
  /** Per named delay: what waiting for it means. */
  readonly delays: Readonly<Record<string, Named>>;
  /** Context that makes two snapshots with the same value different vertices. */
  readonly serialize?: (snapshot: AnyMachineSnapshot) => string;
  /**
   * A delay that always fires before the others while it runs (a call timeout
   * far shorter than any challenge timer): while it is active, waiting means
   * waiting for it, so no path has a later timer overtake it.
   */
  readonly firstDelay?: string;
  /** Other inputs to walk as well, each named for the catalogue and with the slug its path ids start with. */
  readonly variants?: readonly Variant<TInput>[];
  /** Titles, by path id, for paths kept for a scenario (see PathModel). */
  readonly titles?: Readonly<Record<string, string>>;
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

/** Lower-case words joined by `-`; never `x3` and the like, which pathId writes for repeats. */
function checkSlug(machine: AnyStateMachine, named: Named): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(named.slug) || /^x\d+$/.test(named.slug))
    throw new Error(`the ${machine.id} model gives "${named.label}" the slug "${named.slug}": use lower-case words joined by -`);
}

export function defineModel<TInput>(spec: ModelSpec<TInput>): BuiltModel<TInput> {
  for (const named of [
    ...spec.userEvents,
    ...Object.values(spec.outcomes).flatMap((o) => [...o.done, ...o.errors, ...(o.snapshots ?? [])]),
    ...Object.values(spec.delays),
    ...(spec.variants ?? []).filter((v) => v.slug).map((v) => ({ label: v.name, slug: v.slug ?? '' })),
  ])
    checkSlug(spec.machine, named);
  type Step = Named & { readonly event: AnyEventObject };
  const outcomesFor = (invokeId: string, src: string): Step[] => {
    const o = spec.outcomes[src];
    if (!o) throw new Error(`the ${spec.machine.id} model has no outcomes for actor "${src}"`);
    return [
      ...o.done.map(({ value, ...named }) => ({ event: doneEvent(invokeId, value), ...named })),
      ...o.errors.map(({ value, ...named }) => ({ event: errorEvent(invokeId, value), ...named })),
      ...(o.snapshots ?? []).map(({ value, ...named }) => ({ event: snapshotEvent(invokeId, value), ...named })),
    ];
  };
  const delayNamed = (type: string): Named => {
    const delay = delayName({ type });
    return spec.delays[delay] ?? { label: `wait (${delay})`, slug: `wait-${delay.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}` };
  };
  const names = new Map<string, Named>();
  const remember = (step: Step) => {
    names.set(JSON.stringify(step.event), step);
    return step.event;
  };
  spec.userEvents.forEach(remember);
  const named = (event: AnyEventObject): Named =>
    names.get(JSON.stringify(event)) ??
    (event.type.startsWith('xstate.after.') ? delayNamed(event.type) : { label: event.type, slug: typeSlug(event) });
  const label = (event: AnyEventObject) => named(event).label;
  return {
    model: {
      machine: spec.machine,
      input: spec.input,
      // Answers first: where a user event and an answer lead to the same place, paths show the answer.
      events: (snapshot) => [
        ...activeInvokes(snapshot).flatMap((inv) => outcomesFor(inv.id, inv.src).map(remember)),
        ...firstDelays(activeDelays(snapshot), spec.firstDelay).map((event) => remember({ event, ...delayNamed(event.type) })),
        ...spec.userEvents.map((u) => u.event),
      ],
      label,
      slug: (event) => named(event).slug,
      ...(spec.serialize ? { serialize: spec.serialize } : {}),
      ...(spec.variants ? { variants: spec.variants } : {}),
      ...(spec.titles ? { titles: spec.titles } : {}),
    },
    label,
  };
}
