// @vitest-environment jsdom
import { createApp, defineComponent, h, nextTick } from 'vue';
import type { Snapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from 'amplify-mfa-flow/machines';
import { createSignInFlow } from 'amplify-mfa-flow/dom';
import { useSignIn } from 'amplify-mfa-flow/vue';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import type { SignInView } from 'amplify-mfa-flow/machines';
import { at } from '../support/views.js';

// The DOM and Vue adapters persist and restore as the React hooks do (test/react/persist.test.tsx):
// `onPersist` hands out what may be stored, on start and after every change, never the password;
// `snapshot` restores on the same step, with the same expiry, and calls nothing again.

const PASSWORD = 'Sentinel-Pw-7f3q!';
const fresh = (fakes: FakeActors) => signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });

async function toTotpChallenge(fakes: FakeActors, view: () => SignInView | undefined): Promise<number> {
  fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
  await settle();
  at(view() as SignInView, 'credentials').submitCredentials('pat@example.com', PASSWORD);
  await settle();
  fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
  await settle();
  return at(view() as SignInView, 'totpCode').expiresAt;
}

function checkSaved(saved: readonly string[]): Snapshot<unknown> {
  expect(saved.length).toBeGreaterThan(2);
  for (const s of saved) expect(s).not.toContain(PASSWORD);
  return JSON.parse(saved.at(-1) ?? 'null') as Snapshot<unknown>;
}

describe('persisting without a framework (createSignInFlow)', () => {
  it('persists from start to the challenge without the password, and restores on the same step', async () => {
    const fakes = new FakeActors();
    const saved: string[] = [];
    const flow = createSignInFlow({
      machine: fresh(fakes),
      input: { authFlowType: 'USER_PASSWORD_AUTH' },
      onPersist: (s) => saved.push(JSON.stringify(s)),
    }).start();
    expect(saved).toHaveLength(1);
    const expiresAt = await toTotpChallenge(fakes, flow.getView);
    const stored = checkSaved(saved);
    flow.stop();

    const fakes2 = new FakeActors();
    const again = createSignInFlow({ machine: fresh(fakes2), input: { authFlowType: 'USER_PASSWORD_AUTH' }, snapshot: stored }).start();
    expect(at(again.getView(), 'totpCode').expiresAt).toBe(expiresAt);
    expect(fakes2.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    again.stop();
  });
});

describe('persisting with Vue (useSignIn)', () => {
  it('persists once mounted and after every change without the password, and restores on the same step', async () => {
    const saved: string[] = [];
    const mount = (fakes: FakeActors, snapshot?: Snapshot<unknown>) => {
      let view: ReturnType<typeof useSignIn> | undefined;
      const App = defineComponent({
        setup() {
          view = useSignIn({
            machine: fresh(fakes),
            input: { authFlowType: 'USER_PASSWORD_AUTH' },
            ...(snapshot ? { snapshot } : {}),
            onPersist: (s) => saved.push(JSON.stringify(s)),
          });
          return () => h('p', view?.value.step);
        },
      });
      const app = createApp(App);
      app.mount(document.createElement('div'));
      return { app, view: () => view?.value };
    };
    const fakes = new FakeActors();
    const first = mount(fakes);
    expect(saved).toHaveLength(1);
    const expiresAt = await toTotpChallenge(fakes, first.view);
    const stored = checkSaved(saved);
    first.app.unmount();

    const fakes2 = new FakeActors();
    const second = mount(fakes2, stored);
    await nextTick();
    expect(at(second.view() as SignInView, 'totpCode').expiresAt).toBe(expiresAt);
    expect(fakes2.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    second.app.unmount();
  });
});
