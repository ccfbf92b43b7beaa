import { createActor, fromPromise } from 'xstate';
import type { AnyActor, AnyEventObject, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { SAMPLE } from '../../src/diagram/signIn.model.js';
import { pathsOf } from '../support/generatedPaths.js';
import { SUBJECTS } from '../support/viewWalk.js';

// Surviving a reload starts with what is stored: `actor.getPersistedSnapshot()`
// of every machine, after every step of every generated path (the three MFA
// machines' and the devices list's full sets, sign-in's catalogue, which takes every transition; all
// 6,815 of sign-in's with PERSIST_PATHS=all, about 11 minutes here), must hold no
// password, code or TOTP secret typed or returned in that path.
// The models' sample values are swapped for sentinels first, so that a
// substring check means something ('123456' could be part of a timestamp).

const SECRET = 'SENTINELSECRETQWERTYZXCVB234567A';
const QR = 'data:image/png;base64,U0VOVElORUwtUVItZGF0YQ==';
/** A well-formed value stays well-formed and a malformed one malformed, so the path goes the same way. */
function sentinel(field: string, value: string): string {
  if (value === '') return value;
  // A recovery code (letters and digits) stays one, in the form the machine keeps it.
  if (field === 'code' && /[a-z]/i.test(value) && value.replace(/[\s-]/g, '').length === 10) return 'qwert-zxcvb';
  if (field === 'code') return /^\d{6}$/.test(value) ? '864213' : /^\d+$/.test(value) ? '97531'.slice(0, value.length) : 'zqxw';
  if (field === 'answer') return 'Sentinel-Answer-9k2w';
  return field === 'password' ? 'Sentinel-Pw-7f3q!' : value;
}

/** The path with sentinels for every secret in its events and answers, and the sentinels it uses. */
function withSentinels(path: GeneratedPath): { path: GeneratedPath; secrets: Set<string> } {
  const secrets = new Set<string>();
  const swap = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') {
      let out = (key === 'password' || key === 'code' || key === 'answer') && value !== '' ? sentinel(key, value) : value;
      if (out.includes(SAMPLE.totpSetup.sharedSecret)) out = out.replaceAll(SAMPLE.totpSetup.sharedSecret, SECRET);
      if (out === SAMPLE.qrDataUrl) out = QR;
      if (out !== value) secrets.add(out);
      // A device key names a device of this user: never stored, though it proves nothing by itself.
      if ((key === 'id' || key === 'deviceId') && /_[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) secrets.add(value);
      return out;
    }
    // Recovery codes come back from the triggers as a list: each is a secret.
    if (key === 'codes' && Array.isArray(value)) {
      const codes = value.map((_, i) => `snt${String(i).padStart(2, '2')}-zqxwv`);
      for (const code of codes) secrets.add(code);
      return codes;
    }
    if (Array.isArray(value)) return value.map((v) => swap(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, k)]));
    return value;
  };
  const steps = path.steps.map((step) => ({ ...step, event: swap(step.event) as AnyEventObject }));
  // The secret inside a setup URI is checked on its own too.
  if ([...secrets].some((s) => s.includes(SECRET))) secrets.add(SECRET);
  return { path: { ...path, steps }, secrets };
}

const never = fromPromise(() => new Promise<never>(() => {}));
const inertOf = new WeakMap<AnyStateMachine, AnyStateMachine>();
/**
 * The machine with calls that never answer; child machines stay machines, made inert the same way. Made once
 * per machine: `provide` builds the whole chart again, which for sign-in took most of this suite's time when
 * it ran at every step.
 */
function inert(machine: AnyStateMachine): AnyStateMachine {
  let made = inertOf.get(machine);
  if (!made) {
    made = machine.provide({
      actors: Object.fromEntries(
        Object.entries(machine.implementations.actors).map(([k, logic]) => [
          k,
          'root' in (logic as object) ? inert(logic as AnyStateMachine) : never,
        ]),
      ),
    });
    inertOf.set(machine, made);
  }
  return made;
}

const pathsFor = (subject: (typeof SUBJECTS)[number]) =>
  process.env.PERSIST_PATHS === 'all' && subject.name === 'signIn' ? pathsOf('signIn', subject.model, 'all') : subject.paths;

const counts: Record<string, { paths: number; snapshots: number; secrets: number }> = {};

for (const subject of SUBJECTS) {
  describe(`${subject.name}: the persisted snapshot holds no secret at any step`, () => {
    for (const original of pathsFor(subject)) {
      it(`${subject.name} ${original.id}`, async () => {
        const { path, secrets } = withSentinels(original);
        const count = counts[subject.name] ?? { paths: 0, snapshots: 0, secrets: 0 };
        counts[subject.name] = count;
        count.paths += 1;
        count.secrets += secrets.size;
        let actor: AnyActor | undefined;
        await subject.walk(
          path,
          ({ snapshot }) => {
            if (!actor) return;
            const stored = JSON.stringify(actor.getPersistedSnapshot());
            count.snapshots += 1;
            for (const secret of secrets)
              expect(stored.includes(secret), `${secret} stored at ${JSON.stringify(snapshot.value)}: ${stored}`).toBe(false);
            // What is stored can be restored, and the restored flow is running.
            const restored = createActor(inert(snapshot.machine), { snapshot: JSON.parse(stored) }).start();
            expect(restored.getSnapshot().status).not.toBe('error');
            restored.stop();
          },
          (a) => {
            actor = a;
          },
        );
      });
    }
  });
}

describe('what the walks checked', () => {
  // The passkeys flow types and returns no secret; what it must not store (the list) is checked in passkeys.persist.test.ts.
  it('every machine, with secrets in its paths (the settings run their flows in test/persist/children.test.ts)', () => {
    for (const subject of SUBJECTS) {
      const c = counts[subject.name];
      expect(c?.paths, subject.name).toBe(pathsFor(subject).length);
      if (subject.name !== 'mfaSettings' && subject.name !== 'passkeys')
        expect(c?.secrets, `${subject.name}: the paths type or return secrets`).toBeGreaterThan(0);
      console.info(`${subject.name}: ${c?.paths} paths, ${c?.snapshots} persisted snapshots checked`);
    }
  });
});
