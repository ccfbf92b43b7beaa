import { createActor, fromPromise } from 'xstate';
import type { AnyActor, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { SUBJECTS } from '../support/viewWalk.js';

// The passkeys flow stores no list and no chosen passkey (what Cognito listed may change, or be another
// user's, by the time a page is restored): at every step of every generated path, the persisted snapshot
// holds no passkey id or name, and a restored panel reads the list again (or stays where it cannot).
const subject = SUBJECTS.find((s) => s.name === 'passkeys')!;
const never = fromPromise(() => new Promise<never>(() => {}));
const inert = (m: AnyStateMachine) =>
  m.provide({ actors: Object.fromEntries(Object.keys(m.implementations.actors).map((k) => [k, never])) });

describe('passkeys: the persisted snapshot holds no passkey, and a restore reads the list again', () => {
  let snapshots = 0;
  for (const path of subject.paths) {
    it(`passkeys ${path.id}`, async () => {
      let actor: AnyActor | undefined;
      await subject.walk(
        path,
        ({ snapshot }) => {
          if (!actor) return;
          const stored = JSON.stringify(actor.getPersistedSnapshot());
          snapshots += 1;
          expect(stored).not.toMatch(/cred-\d|This device|Security key/);
          const restored = createActor(inert(snapshot.machine), { snapshot: JSON.parse(stored) }).start();
          const value = restored.getSnapshot().value;
          expect(['loading', 'loadFailed', 'signedOut']).toContain(value);
          restored.stop();
        },
        (a) => {
          actor = a;
        },
      );
    });
  }
  it('checked snapshots', () => expect(snapshots).toBeGreaterThan(subject.paths.length));
});
