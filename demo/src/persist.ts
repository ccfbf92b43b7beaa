import type { AnyStateMachine, Snapshot } from 'xstate';

// Surviving a reload: each flow's persisted snapshot (which never holds a
// password, code or TOTP secret) is kept in sessionStorage, and the flow is
// restored from it when the page loads. Amplify keeps its own sign-in in
// progress there too, so a restored challenge answers the same session.

const PREFIX = 'amplify-mfa-flow-demo.';

export interface Persisted {
  readonly snapshot?: Snapshot<unknown>;
  onPersist(snapshot: Snapshot<unknown>): void;
}

/** For a flow hook's `snapshot` and `onPersist`; a stored snapshot this machine cannot restore is dropped. */
export function persisted(flow: string, machine: AnyStateMachine): Persisted {
  const key = PREFIX + flow;
  const onPersist = (snapshot: Snapshot<unknown>) => sessionStorage.setItem(key, JSON.stringify(snapshot));
  try {
    const snapshot = JSON.parse(sessionStorage.getItem(key) ?? 'null') as (Snapshot<unknown> & { value?: unknown }) | null;
    if (!snapshot) return { onPersist };
    machine.resolveState({ value: snapshot.value as never, context: {} });
    return { snapshot, onPersist };
  } catch {
    sessionStorage.removeItem(key);
    return { onPersist };
  }
}

export function forget(flow: string): void {
  sessionStorage.removeItem(PREFIX + flow);
}

/** A small value (the open page) kept across reloads. */
export const remembered = {
  get: (name: string): string | null => sessionStorage.getItem(PREFIX + name),
  set: (name: string, value: string): void => sessionStorage.setItem(PREFIX + name, value),
};
